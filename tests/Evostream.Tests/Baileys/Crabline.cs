using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evostream.Tests.Contracts.Evolution;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Baileys;

/// <summary>
/// crabline (npm @openclaw/crabline, pinned in tests/crabline): a fake WhatsApp Web server written elsewhere that
/// completes Baileys' handshake, decrypts and records what is sent, and injects inbound messages.
/// </summary>
public sealed class Crabline : IAsyncDisposable
{
    private static readonly string s_folder = RepoRoot.File("tests", "crabline");
    private static readonly SemaphoreSlim s_install = new(1, 1);
    private readonly Process _process;
    private readonly string _directory;

    private Crabline(Process process, string directory, JsonObject manifest)
    {
        _process = process;
        _directory = directory;
        Manifest = manifest;
    }

    public JsonObject Manifest { get; }

    public string WebSocketUrl => Manifest["endpoints"]!["baileysWebSocketUrl"]!.GetValue<string>();

    public string SelfJid => Manifest["selfJid"]!.GetValue<string>();

    public static async Task<Crabline> StartAsync(CancellationToken ct)
    {
        await EnsureInstalledAsync(ct);
        var directory = Directory.CreateTempSubdirectory("crabline-").FullName;
        var ready = Path.Combine(directory, "ready.json");
        var start = new ProcessStartInfo(Path.Combine(s_folder, "node_modules", ".bin", "crabline"))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--json", "serve", "whatsapp", "--ready-file", ready })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("crabline could not be started");
        _ = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"crabline exited with {process.ExitCode}: {await stderr}");
            }

            if (File.Exists(ready))
            {
                try
                {
                    if (JsonNode.Parse(await File.ReadAllTextAsync(ready, ct)) is JsonObject manifest)
                    {
                        return new Crabline(process, directory, manifest);
                    }
                }
                catch (JsonException)
                {
                    // Still being written.
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("crabline did not write its ready file within 60 s");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>Every line of crabline's recorder.</summary>
    public IReadOnlyList<JsonObject> Records()
    {
        var path = Manifest["recorderPath"]!.GetValue<string>();
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)).OfType<JsonObject>()];
    }

    /// <summary>What crabline decrypted and accepted from us under this message id, or null.</summary>
    public JsonObject? Accepted(string messageId) =>
        Records().FirstOrDefault(r => r["accepted"]?.GetValue<bool>() == true && r["body"]?["key"]?["id"]?.GetValue<string>() == messageId);

    /// <summary>Has the fake phone <paramref name="from"/> send us <paramref name="text"/>.</summary>
    public async Task InjectAsync(string from, string text, CancellationToken ct)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Manifest["endpoints"]!["adminInboundUrl"]!.GetValue<string>())
        {
            Content = JsonContent.Create(new { chatJid = from, senderJid = from, text }),
        };
        request.Headers.Add("X-Crabline-Admin-Token", Manifest["adminToken"]!.GetValue<string>());
        using var response = await http.SendAsync(request, ct);
        Assert.True(response.IsSuccessStatusCode, $"crabline inbound answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>A fresh auth state crabline takes as linked (creds.me set), made by Baileys itself.</summary>
    public async Task<string> LinkedAuthAsync(CancellationToken ct)
    {
        var node = ExternalTool.Require("node", "install Node.js 20 or later");
        var sidecar = RepoRoot.File("src", "Connector", "Drivers", "Baileys", "sidecar");
        var run = await ExternalTool.RunAsync(node, [Path.Combine("test", "linked-auth.js"), SelfJid], sidecar, TimeSpan.FromSeconds(60), ct);
        Assert.True(run.ExitCode == 0, $"linked-auth.js failed: {run}");
        return run.Stdout.Trim();
    }

    private static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        await s_install.WaitAsync(ct);
        try
        {
            if (File.Exists(Path.Combine(s_folder, "node_modules", ".bin", "crabline")))
            {
                return;
            }

            var npm = ExternalTool.Require("npm", "install Node.js and npm (apt-get install -y nodejs npm)");
            var run = await ExternalTool.RunAsync(npm, ["ci", "--silent"], s_folder, TimeSpan.FromMinutes(5), ct);
            Assert.True(run.ExitCode == 0, $"npm ci in tests/crabline failed: {run}");
        }
        finally
        {
            s_install.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The recorder may still be flushing; the temp folder is cleaned by the OS.
        }
    }
}
