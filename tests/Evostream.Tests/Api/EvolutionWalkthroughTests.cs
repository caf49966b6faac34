using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Tests.Delivery;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api;

/// <summary>
/// End to end through the whole pipeline (Api, CommandProcessor, Connector with the simulator, Projections) in one
/// host on a real port: the seed's curl walkthrough as written, and the QR viewer in headless Chromium.
/// Needs the merged pipeline and Debian's chromium package.
/// </summary>
public sealed class EvolutionWalkthroughTests(EmbeddedStack stack) : IAsyncLifetime
{
    private const string Phone = "5511900000001";
    private WholeStackHost _host = null!;
    private HttpClient _http = null!;

    private string Key => _host.ApiKey;

    public async ValueTask InitializeAsync()
    {
        _host = await WholeStackHost.StartAsync(stack, "walk");
        _http = _host.Http;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_seeds_curl_walkthrough_answers_like_Evolution_at_every_step()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal("ok", (await GetJsonAsync("/")).GetProperty("status").GetString());

        var created = await SendAsync(HttpMethod.Post, "/instance/create", new { instanceName = "my-whatsapp", qrcode = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var create = await JsonAsync(created);
        Assert.Equal("my-whatsapp", create.GetProperty("instance").GetProperty("instanceName").GetString());
        var control = _host.Service<SimulatorControl>();
        // What the PNG shows, read by ZXing, is what the phone must scan: the simulator's current QR text.
        Assert.Equal(CurrentQr(control, "my-whatsapp"), QrPng.DecodeDataUrl(create.GetProperty("qrcode").GetProperty("base64").GetString()!));
        Assert.Equal(CurrentQr(control, "my-whatsapp"), create.GetProperty("qrcode").GetProperty("code").GetString());
        string? code = null;
        await AssertShowsCurrentQrAsync(control, "my-whatsapp", async () =>
        {
            var connect = await GetJsonAsync("/instance/connect/my-whatsapp");
            code = connect.GetProperty("code").GetString();
            Assert.Equal(code, QrPng.DecodeDataUrl(connect.GetProperty("base64").GetString()!));
            return code!;
        });

        Assert.True(control.ScanQr(code, Phone).Ok);
        await EventuallyAsync(async () => (await GetJsonAsync("/instance/connectionState/my-whatsapp")).GetProperty("instance").GetProperty("state").GetString() == "open");

        var text = await SendAsync(HttpMethod.Post, "/message/sendText/my-whatsapp", new { number = "5511999999999", text = "Hello from Evolution API!" });
        Assert.True(text.StatusCode == HttpStatusCode.Created, $"{text.StatusCode}: {await text.Content.ReadAsStringAsync(ct)}");
        var textId = (await JsonAsync(text)).GetProperty("key").GetProperty("id").GetString();
        var media = await SendAsync(HttpMethod.Post, "/message/sendMedia/my-whatsapp",
            new { number = "5511999999999", mediatype = "image", media = "https://example.com/image.jpg", caption = "Check this out!" });
        Assert.Equal(HttpStatusCode.Created, media.StatusCode);
        Assert.Equal("imageMessage", (await JsonAsync(media)).GetProperty("messageType").GetString());

        var instances = await GetJsonAsync("/instance/fetchInstances");
        Assert.Contains(instances.EnumerateArray(), i => i.GetProperty("name").GetString() == "my-whatsapp" && i.GetProperty("connectionStatus").GetString() == "open");

        await EventuallyAsync(async () =>
        {
            var found = await JsonAsync(await SendAsync(HttpMethod.Post, "/chat/findMessages/my-whatsapp", new { where = new { key = new { id = textId } } }));
            var records = found.GetProperty("messages").GetProperty("records");
            return records.GetArrayLength() == 1 && records[0].GetProperty("status").GetString() is "SERVER_ACK" or "DELIVERY_ACK" or "READ";
        });

        var webhook = await SendAsync(HttpMethod.Post, "/webhook/set/my-whatsapp",
            JsonDocument.Parse("""{"url":"https://your-backend.com/webhook","webhook_by_events":false,"events":["MESSAGES_UPSERT","MESSAGES_UPDATE","CONNECTION_UPDATE"]}""").RootElement);
        Assert.Equal(HttpStatusCode.Created, webhook.StatusCode);
        await EventuallyAsync(async () => (await _http.GetStringAsync("/webhook/find/my-whatsapp", ct)).Contains("https://your-backend.com/webhook", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, "/instance/logout/my-whatsapp")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, "/instance/delete/my-whatsapp")).StatusCode);
        await EventuallyAsync(async () => (await _http.GetAsync("/instance/connectionState/my-whatsapp", ct)).StatusCode == HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_seeds_webhook_block_receives_Evolutions_events_from_create_link_send_and_reply()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirst = 0;
        // The operations guide's create body, with the receiver's URL and the five events of the walkthrough.
        var created = await SendAsync(HttpMethod.Post, "/instance/create", JsonDocument.Parse("""
            {"instanceName":"hooked","integration":"WHATSAPP-BAILEYS","qrcode":true,"rejectCall":false,"groupsIgnore":true,
             "alwaysOnline":false,"readMessages":false,"readStatus":false,"syncFullHistory":false,
             "webhook":{"url":"RECEIVER/api/v1/webhook/evolution","byEvents":true,"base64":false,
               "events":["QRCODE_UPDATED","CONNECTION_UPDATE","SEND_MESSAGE","MESSAGES_UPSERT","MESSAGES_UPDATE"],
               "headers":{"jwt_key":"YOUR_WEBHOOK_SECRET"}}}
            """.Replace("RECEIVER", receiver.BaseUrl, StringComparison.Ordinal)).RootElement);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await JsonAsync(created)).GetProperty("qrcode").GetProperty("code").GetString();
        var control = _host.Service<SimulatorControl>();
        Assert.True(control.ScanQr(code, "5511900000077").Ok);
        await EventuallyAsync(async () => (await GetJsonAsync("/instance/connectionState/hooked")).GetProperty("instance").GetProperty("state").GetString() == "open");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/message/sendText/hooked", new { number = "5511988887777", text = "hello from evostream" })).StatusCode);
        Assert.True(control.SendText("5511988887777", "5511900000077", "a reply").Ok);

        string[] expected = ["qrcode-updated", "connection-update", "send-message", "messages-upsert", "messages-update"];
        await EventuallyAsync(() => Task.FromResult(expected.All(suffix => receiver.Received.Any(r => r.Path == "/api/v1/webhook/evolution/" + suffix))),
            () => "the receiver got only: " + string.Join(", ", receiver.Received.Select(r => r.Path)));
        foreach (var hook in receiver.Received)
        {
            using var body = JsonDocument.Parse(hook.Body);
            var root = body.RootElement;
            Assert.Equal(["event", "instance", "data", "destination", "server_url", "date_time", "sender", "apikey"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal("hooked", root.GetProperty("instance").GetString());
            Assert.Equal(hook.Path, new Uri(root.GetProperty("destination").GetString()!).AbsolutePath);
            Assert.StartsWith("Bearer ", hook.Headers["authorization"], StringComparison.Ordinal);
        }

        var reply = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .First(r => r.GetProperty("event").GetString() == "messages.upsert");
        Assert.Equal("a reply", reply.GetProperty("data").GetProperty("message").GetProperty("conversation").GetString());

        // The guide's /webhook/set body (webhookByEvents and webhookBase64 inside the wrapper) is taken.
        var set = await SendAsync(HttpMethod.Post, "/webhook/set/hooked", JsonDocument.Parse("""
            {"webhook":{"enabled":true,"url":"RECEIVER/set","webhookByEvents":true,"webhookBase64":false,
              "events":["MESSAGES_UPSERT"],"headers":{"jwt_key":"YOUR_WEBHOOK_SECRET"}}}
            """.Replace("RECEIVER", receiver.BaseUrl, StringComparison.Ordinal)).RootElement);
        Assert.Equal(HttpStatusCode.Created, set.StatusCode);
        // The new configuration reaches the delivery stage through the feed, in order before the next event.
        Assert.True(control.SendText("5511988887777", "5511900000077", "after set").Ok);
        await EventuallyAsync(() => Task.FromResult(receiver.Received.Any(r => r.Path == "/set/messages-upsert")),
            () => "after /webhook/set the receiver got only: " + string.Join(", ", receiver.Received.Select(r => r.Path)));

        var deliveries = await GetJsonAsync("/webhook/deliveries/hooked");
        Assert.Contains(deliveries.EnumerateArray(), d => d.GetProperty("state").GetString() == "delivered" && d.GetProperty("event").GetString() == "send.message");
    }

    [Fact]
    public async Task The_QR_viewer_shows_the_current_QR_in_Chromium_and_replaces_it_when_a_new_one_arrives()
    {
        var response = await SendAsync(HttpMethod.Post, "/instance/create", new { instanceName = "viewer", qrcode = true });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        var first = created.GetProperty("qrcode").GetProperty("base64").GetString()!;
        var url = $"{_http.BaseAddress}instance/qr/viewer?apikey={Key}";

        var dom = await ChromiumAsync("--dump-dom", url);
        Assert.Contains($"src=\"{first}\"", dom, StringComparison.Ordinal);
        var control = _host.Service<SimulatorControl>();
        Assert.Equal(CurrentQr(control, "viewer"), QrPng.DecodeDataUrl(first));
        await AssertShowsCurrentQrAsync(control, "viewer", () => ScreenshotQrAsync(url));

        // A restart makes the simulator issue a new QR; the open page must pick it up.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, "/instance/restart/viewer")).StatusCode);
        string? second = null;
        await EventuallyAsync(async () =>
        {
            second = (await GetJsonAsync("/instance/qr/viewer/current")).GetProperty("base64").GetString();
            return second is not null && second != first;
        });
        var after = await ChromiumAsync("--dump-dom", url);
        Assert.Contains($"src=\"{second}\"", after, StringComparison.Ordinal);
        await AssertShowsCurrentQrAsync(control, "viewer", () => ScreenshotQrAsync(url));
        await AssertShowsCurrentQrAsync(control, "viewer", async () =>
            QrPng.DecodeDataUrl((await GetJsonAsync("/instance/connect/viewer")).GetProperty("base64").GetString()!));
    }

    private static string? CurrentQr(SimulatorControl control, string instance) => control.Status().Single(s => s.Instance == instance).QrCode;

    /// <summary>
    /// The QR text <paramref name="read"/> shows is the simulator's current one. The simulator refreshes its QR every
    /// 20-60 s, so a read that straddles a refresh (seconds of Chromium on a loaded machine) is read again.
    /// </summary>
    private static async Task AssertShowsCurrentQrAsync(SimulatorControl control, string instance, Func<Task<string>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = CurrentQr(control, instance);
            var shown = await read();
            var after = CurrentQr(control, instance);
            if (before == after || attempt == 3)
            {
                Assert.Equal(after, shown);
                return;
            }
        }
    }

    /// <summary>What a phone pointed at the viewer page would read: the QR in Chromium's screenshot, decoded by ZXing.</summary>
    private static async Task<string> ScreenshotQrAsync(string url)
    {
        var screenshot = Path.Combine(Path.GetTempPath(), $"evostream-qr-{Guid.NewGuid():N}.png");
        try
        {
            await ChromiumAsync($"--screenshot={screenshot}", url);
            return QrPng.Decode(await File.ReadAllBytesAsync(screenshot, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(screenshot);
        }
    }

    private static async Task<string> ChromiumAsync(string mode, string url)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--virtual-time-budget=5000", "--window-size=600,700", mode, url })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start; install Debian's chromium package.");
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) =>
        _http.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) }, TestContext.Current.CancellationToken);

    private async Task<JsonElement> GetJsonAsync(string path) => await JsonAsync(await _http.GetAsync(path, TestContext.Current.CancellationToken));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    // The pipeline is asynchronous end to end: poll for the state, bounded, rather than asserting on timing.
    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string>? otherwise = null)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the condition did not hold within 30 s" + (otherwise is null ? "" : ": " + otherwise()));
    }
}
