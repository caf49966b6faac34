using System.Text.Json;
using Evostream.Bench.Scenarios.CloudApi;
using Evostream.Tests.Contracts.Evolution;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.CloudApi;

/// <summary>
/// @openclaw/crabline (a fake WhatsApp provider written elsewhere, pinned in tests/crabline) serving the Cloud API:
/// its Graph messages endpoint records every request, and its admin inbound endpoint returns the webhook payload
/// Meta would post for an injected message.
/// </summary>
internal sealed class Crabline : IAsyncDisposable
{
    private readonly CrablineServer _server;

    private Crabline(CrablineServer server)
    {
        _server = server;
        AdminToken = server.Manifest.GetProperty("adminToken").GetString()!;
        AdminInboundUrl = server.Manifest.GetProperty("endpoints").GetProperty("adminInboundUrl").GetString()!;
        RecorderPath = server.Manifest.GetProperty("recorderPath").GetString()!;
    }

    public string BaseUrl => _server.BaseUrl;

    public string AccessToken => _server.AccessToken;

    public string AdminToken { get; }

    public string PhoneNumberId => _server.PhoneNumberId;

    public string AdminInboundUrl { get; }

    public string RecorderPath { get; }

    public static async Task<Crabline> StartAsync(CancellationToken ct)
    {
        ExternalTool.Require("npm", "install Node.js and npm (apt-get install -y nodejs npm)");
        return new Crabline(await CrablineServer.StartAsync(RepoRoot.File("tests", "crabline"), ct));
    }

    /// <summary>Injects an inbound text; returns the Cloud API webhook payload crabline answers with, as raw bytes.</summary>
    public async Task<byte[]> InboundAsync(HttpClient http, string from, string text, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AdminInboundUrl)
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { chatJid = from + "@s.whatsapp.net", senderJid = from + "@s.whatsapp.net", text }),
        };
        request.Headers.Add("X-Crabline-Admin-Token", AdminToken);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return System.Text.Encoding.UTF8.GetBytes(answer.RootElement.GetProperty("webhook").GetRawText());
    }

    /// <summary>The Graph API requests crabline recorded (type "api").</summary>
    public async Task<List<JsonElement>> ApiRequestsAsync(CancellationToken ct)
    {
        var lines = File.Exists(RecorderPath) ? await File.ReadAllLinesAsync(RecorderPath, ct) : [];
        return [.. lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).Where(e => e.GetProperty("type").GetString() == "api")];
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
