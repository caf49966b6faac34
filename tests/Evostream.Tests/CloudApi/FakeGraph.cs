using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Evostream.Tests.CloudApi;

/// <summary>
/// A Graph API messages endpoint on Kestrel, built from the documented shapes (whatsapp-transports.md §A1, §A4), for
/// what crabline does not model: a text body names the behaviour ("err:131047", "flaky:2" answers 500 twice, "slow"
/// never answers in time); anything else is accepted with a wamid. It also keeps a WABA's message templates (create and
/// find), which crabline does not serve. Every request is recorded.
/// </summary>
internal sealed class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _flaky = new();
    private readonly ConcurrentQueue<JsonObject> _templates = new();
    private int _next;

    private FakeGraph(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeGraph> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeGraph(app);
        app.MapPost("/{version}/{phoneNumberId}/messages", fake.HandleAsync);
        app.MapPost("/{version}/{businessId}/message_templates", fake.CreateTemplateAsync);
        app.MapPost("/{version}/{phoneNumberId}/media", fake.UploadAsync);
        app.MapGet("/{version}/{businessId}/message_templates", fake.FindTemplates);
        await app.StartAsync(ct);
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public int Count(string text) => Requests.Count(r => r.Body["text"]?["body"]?.GetValue<string>() == text);

    private async Task<IResult> HandleAsync(string version, string phoneNumberId, HttpContext http)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        Requests.Enqueue(($"/{version}/{phoneNumberId}/messages", http.Request.Headers.Authorization.ToString(), body));
        var text = body["text"]?["body"]?.GetValue<string>() ?? "";
        if (text.StartsWith("err:", StringComparison.Ordinal))
        {
            var code = int.Parse(text[4..], System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = new { message = $"(#{code}) refused", type = "OAuthException", code, error_data = new { messaging_product = "whatsapp", details = $"details of {code}" }, fbtrace_id = "T" } },
                statusCode: code == 190 ? 401 : 400);
        }

        if (text.StartsWith("flaky:", StringComparison.Ordinal) && _flaky.AddOrUpdate(text, 1, (_, n) => n + 1) <= int.Parse(text[6..], System.Globalization.CultureInfo.InvariantCulture))
        {
            return Results.Json(new { error = new { message = "temporarily unavailable", code = 2 } }, statusCode: 503);
        }

        if (text == "slow")
        {
            await Task.Delay(TimeSpan.FromSeconds(60), http.RequestAborted);
        }

        var to = body["to"]?.GetValue<string>() ?? "";
        var id = $"wamid.FAKEGRAPH{Interlocked.Increment(ref _next):D6}";
        return Results.Json(new { messaging_product = "whatsapp", contacts = new[] { new { input = to, wa_id = to } }, messages = new[] { new { id } } });
    }

    // POST /{phone-number-id}/media, multipart (messaging_product, type, file), answers {id} (whatsapp-transports.md §A).
    private async Task<IResult> UploadAsync(string version, string phoneNumberId, HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files["file"];
        using var bytes = new MemoryStream();
        if (file is not null)
        {
            await file.CopyToAsync(bytes, http.RequestAborted);
        }

        var id = $"media-{Interlocked.Increment(ref _next):D6}";
        Requests.Enqueue(($"/{version}/{phoneNumberId}/media", http.Request.Headers.Authorization.ToString(), new JsonObject
        {
            ["messaging_product"] = form["messaging_product"].ToString(),
            ["type"] = form["type"].ToString(),
            ["file_name"] = file?.FileName,
            ["file_type"] = file?.ContentType,
            ["file_base64"] = Convert.ToBase64String(bytes.ToArray()),
            ["id"] = id,
        }));
        return Results.Json(new { id });
    }

    // POST /{business-id}/message_templates answers {id, status, category} (whatsapp-transports.md §A, templates).
    private async Task<IResult> CreateTemplateAsync(string version, string businessId, HttpContext http)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        Requests.Enqueue(($"/{version}/{businessId}/message_templates", http.Request.Headers.Authorization.ToString(), body));
        _templates.Enqueue(body);
        return Results.Json(new { id = $"59400000000{_templates.Count:D4}", status = "PENDING", category = body["category"]?.GetValue<string>() });
    }

    // GET answers {data: [...], paging} with every template created so far.
    private IResult FindTemplates(string version, string businessId, HttpContext http)
    {
        Requests.Enqueue(($"/{version}/{businessId}/message_templates", http.Request.Headers.Authorization.ToString(), new JsonObject { ["method"] = "GET" }));
        var data = new JsonArray([.. _templates.Select((t, i) => (JsonNode)new JsonObject
        {
            ["name"] = t["name"]!.DeepClone(),
            ["language"] = t["language"]!.DeepClone(),
            ["status"] = "APPROVED",
            ["category"] = t["category"]!.DeepClone(),
            ["components"] = t["components"]!.DeepClone(),
            ["id"] = $"59400000000{i + 1:D4}",
        })]);
        return Results.Text(new JsonObject { ["data"] = data, ["paging"] = new JsonObject() }.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
