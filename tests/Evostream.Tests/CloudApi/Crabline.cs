using System.Diagnostics;
using System.Text.Json;
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
    private static readonly string s_folder = RepoRoot.File("tests", "crabline");
    private readonly Process _process;
    private readonly string _work;

    private Crabline(Process process, string work, JsonElement manifest)
    {
        _process = process;
        _work = work;
        BaseUrl = manifest.GetProperty("baseUrl").GetString()!;
        AccessToken = manifest.GetProperty("accessToken").GetString()!;
        AdminToken = manifest.GetProperty("adminToken").GetString()!;
        PhoneNumberId = manifest.GetProperty("phoneNumberId").GetString()!;
        AdminInboundUrl = manifest.GetProperty("endpoints").GetProperty("adminInboundUrl").GetString()!;
        RecorderPath = manifest.GetProperty("recorderPath").GetString()!;
    }

    public string BaseUrl { get; }

    public string AccessToken { get; }

    public string AdminToken { get; }

    public string PhoneNumberId { get; }

    public string AdminInboundUrl { get; }

    public string RecorderPath { get; }

    public static async Task<Crabline> StartAsync(CancellationToken ct)
    {
        await EnsureInstalledAsync(ct);
        var work = Path.Combine(Path.GetTempPath(), "evostream-crabline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var ready = Path.Combine(work, "ready.json");
        var start = new ProcessStartInfo(Path.Combine(s_folder, "node_modules", ".bin", "crabline"))
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--json", "serve", "whatsapp", "--ready-file", ready, "--recorder", Path.Combine(work, "recorder.jsonl") })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("crabline did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 600 && !File.Exists(ready); i++)
        {
            Assert.False(process.HasExited, $"crabline exited with {(process.HasExited ? process.ExitCode : 0)} before it was ready");
            await Task.Delay(100, ct);
        }

        await Task.Delay(200, ct); // the manifest is written whole, but let the writer close it
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(ready, ct));
        return new Crabline(process, work, manifest.RootElement.Clone());
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(s_folder, "node_modules", ".bin", "crabline")))
        {
            return;
        }

        var npm = ExternalTool.Require("npm", "install Node.js and npm (apt-get install -y nodejs npm)");
        var run = await ExternalTool.RunAsync(npm, ["ci", "--silent"], s_folder, TimeSpan.FromMinutes(3), ct);
        Assert.True(run.ExitCode == 0, $"npm ci in tests/crabline failed: {run}");
    }
}
