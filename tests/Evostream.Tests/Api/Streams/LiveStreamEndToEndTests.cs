using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api.Streams;

/// <summary>
/// The whole pipeline in one host on a real port: an instance created with Evolution's websocket block, linked
/// through the simulator, sending and receiving; socket.io-client, ws and SSE (HttpClient) see the same events in the
/// same order.
/// </summary>
public sealed class LiveStreamEndToEndTests(EmbeddedStack stack) : IAsyncLifetime
{
    private const string Phone = "5511900000077";
    private const string Contact = "5511988880077";
    private WholeStackHost _host = null!;
    private HttpClient _http = null!;
    private int _port;
    private string Key => _host.ApiKey;

    public async ValueTask InitializeAsync()
    {
        _host = await WholeStackHost.StartAsync(stack, "live", new Dictionary<string, string?> { ["WEBSOCKET_ENABLED"] = "true" });
        _http = _host.Http;
        _port = _host.Port;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Socket_io_ws_and_SSE_see_the_same_events_in_the_same_order_from_link_to_a_contact_s_reply()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await _http.PostAsJsonAsync("/instance/create",
            new { instanceName = "live", qrcode = true, websocket = new { enabled = true, events = Array.Empty<string>() } }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("qrcode").GetProperty("code").GetString();
        await EventuallyAsync(async () => (await _http.GetStringAsync("/websocket/find/live", ct)).Contains("\"enabled\":true", StringComparison.Ordinal));

        await using var socketIo = await NodeStreamClient.StartAsync("socketio", $"http://127.0.0.1:{_port}/live", new { apikey = Key }, ct);
        await using var ws = await NodeStreamClient.StartAsync("ws", $"ws://127.0.0.1:{_port}/ws?apikey={Key}&instance=live", new { }, ct);
        using var sse = await SseReader.OpenAsync(_http, "/sse/live", Key, null, ct);
        await socketIo.NextAsync("connect");
        await ws.NextAsync("connect");

        var control = _host.Service<SimulatorControl>();
        Assert.True(control.ScanQr(code, Phone).Ok);
        await EventuallyAsync(async () => (await _http.GetStringAsync("/instance/connectionState/live", ct)).Contains("\"open\"", StringComparison.Ordinal));
        var sent = await _http.PostAsJsonAsync("/message/sendText/live", new { number = Contact, text = "hello over the stream" }, ct);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.True(control.SendText(Contact, Phone, "a reply from the contact").Ok);

        var seenBySocketIo = await UntilReplyAsync(async () => Item(await socketIo.NextAsync("event", TimeSpan.FromSeconds(60))));
        var seenByWs = await UntilReplyAsync(async () => Item(await ws.NextAsync("event", TimeSpan.FromSeconds(60))));
        var seenBySse = await UntilReplyAsync(async () =>
        {
            var m = await sse.NextAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(m.Id, m.Data.GetProperty("cursor").GetString());
            return (m.Event!, m.Id!, m.Data.Clone());
        });

        // The clients connected a moment apart: compare from the first event all three saw.
        var common = seenBySocketIo.Select(i => i.Cursor).Intersect(seenByWs.Select(i => i.Cursor)).Intersect(seenBySse.Select(i => i.Cursor)).ToHashSet();
        var lists = new[] { seenBySocketIo, seenByWs, seenBySse }
            .Select(l => l.SkipWhile(i => !common.Contains(i.Cursor)).Select(i => $"{i.Event}@{i.Cursor}").ToList()).ToList();
        Assert.Equal(lists[0], lists[1]);
        Assert.Equal(lists[0], lists[2]);
        var names = lists[0].Select(l => l.Split('@')[0]).ToList();
        Assert.Contains("connection.update", names);
        Assert.Contains("send.message", names);
        Assert.True(names.IndexOf("connection.update") < names.IndexOf("send.message"), string.Join(", ", names));
        Assert.Equal("messages.upsert", names[^1]);

        // Turning the block off through /websocket/set reaches the open streams through the feed, in order.
        var off = await _http.PostAsJsonAsync("/websocket/set/live", new { websocket = new { enabled = false, events = Array.Empty<string>() } }, ct);
        Assert.Equal(HttpStatusCode.Created, off.StatusCode);
        var close = await ws.NextAsync("close", TimeSpan.FromSeconds(60));
        Assert.Equal(1008, close.GetProperty("code").GetInt32());
        Assert.Contains("websocket was disabled for instance \"live\"", close.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(await sse.CommentsUntilEndAsync(TimeSpan.FromSeconds(60)), c => c.StartsWith("closed: websocket was disabled", StringComparison.Ordinal));
        await EventuallyAsync(async () => (await _http.GetStringAsync("/websocket/find/live", ct)).Contains("\"enabled\":false", StringComparison.Ordinal));
    }

    private static (string Event, string Cursor, JsonElement Payload) Item(JsonElement line)
    {
        var payload = line.GetProperty("payload");
        return (line.GetProperty("event").GetString()!, payload.GetProperty("cursor").GetString()!, payload);
    }

    // Reads until the contact's message arrives as messages.upsert (fromMe false).
    private static async Task<List<(string Event, string Cursor, JsonElement Payload)>> UntilReplyAsync(Func<Task<(string Event, string Cursor, JsonElement Payload)>> next)
    {
        var items = new List<(string Event, string Cursor, JsonElement Payload)>();
        while (true)
        {
            var item = await next();
            items.Add(item);
            if (item.Event == "messages.upsert" && item.Payload.GetProperty("data").GetProperty("message").TryGetProperty("conversation", out var text)
                && text.GetString() == "a reply from the contact")
            {
                return items;
            }
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the condition did not hold within 30 s");
    }
}
