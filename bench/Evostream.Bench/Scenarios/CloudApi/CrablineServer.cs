using System.Diagnostics;
using System.Text.Json;

namespace Evostream.Bench.Scenarios.CloudApi;

/// <summary>
/// @openclaw/crabline, the fake WhatsApp provider written elsewhere that the Cloud API tests also run against, pinned in
/// tests/crabline (installed there with <c>npm ci</c> when missing): its Graph messages endpoint, on a loopback port.
/// The one launcher of its WhatsApp server: the Cloud API tests wrap it too.
/// </summary>
public sealed class CrablineServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _work;

    private CrablineServer(Process process, string work, JsonElement manifest)
    {
        _process = process;
        _work = work;
        Manifest = manifest;
        BaseUrl = manifest.GetProperty("baseUrl").GetString()!;
        AccessToken = manifest.GetProperty("accessToken").GetString()!;
        PhoneNumberId = manifest.GetProperty("phoneNumberId").GetString()!;
    }

    /// <summary>The ready file crabline wrote: its URLs, tokens and ids.</summary>
    public JsonElement Manifest { get; }

    public string BaseUrl { get; }

    public string AccessToken { get; }

    public string PhoneNumberId { get; }

    /// <summary>Started from the repository's root, as <c>./evostream bench</c> runs.</summary>
    public static Task<CrablineServer> StartAsync(CancellationToken ct) =>
        StartAsync(Path.Combine(Environment.CurrentDirectory, "tests", "crabline"), ct);

    /// <param name="folder">tests/crabline, where its pinned package is installed.</param>
    public static async Task<CrablineServer> StartAsync(string folder, CancellationToken ct)
    {
        var bin = Path.Combine(folder, "node_modules", ".bin", "crabline");
        if (!File.Exists(bin))
        {
            await RunAsync("npm", ["ci", "--silent"], folder, ct);
        }

        var work = Path.Combine(Path.GetTempPath(), "evostream-bench-crabline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var ready = Path.Combine(work, "ready.json");
        var start = new ProcessStartInfo(bin) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
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
            if (process.HasExited)
            {
                throw new InvalidOperationException($"crabline exited with {process.ExitCode} before it was ready");
            }

            await Task.Delay(100, ct);
        }

        await Task.Delay(200, ct); // the manifest is written whole, but let the writer close it
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(ready, ct));
        return new CrablineServer(process, work, manifest.RootElement.Clone());
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

    private static async Task RunAsync(string file, string[] args, string folder, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start; install Node.js and npm");
        var error = process.StandardError.ReadToEndAsync(ct);
        _ = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} in tests/crabline failed ({process.ExitCode}): {await error}");
        }
    }
}
