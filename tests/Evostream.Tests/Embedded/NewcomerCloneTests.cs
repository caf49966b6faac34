using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Evostream.Tests.Embedded;

/// <summary>
/// What a new user does first: clone into a folder only they can enter (root's home is mode 700, as is anything
/// mktemp -d makes) and run <c>./evostream dev</c> there. The private PostgreSQL runs as another user, which is what
/// once broke this path while every other test, run from open folders, stayed green.
/// </summary>
[Collection(DevStacksCollection.Name)]
public sealed partial class NewcomerCloneTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("evostream-home-");
    private string? _relocatedData;

    [Fact]
    public async Task A_clone_into_a_private_home_folder_runs_evostream_dev_to_a_working_api()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, _home.UnixFileMode);
        var repo = RepositoryRoot();
        var clone = Path.Combine(_home.FullName, "evostream");
        await RunAsync("git", ["clone", "--quiet", "--no-hardlinks", repo, clone], _home.FullName, ct);

        var output = new ConcurrentQueue<string>();
        // Port 0: the stack picks a free port just before it binds. A port chosen here would stay unbound for the
        // minutes the clone takes to build, and a parallel test once took it in that window.
        using var dev = StartDev(clone, repo, 0, output);
        var ready = await WaitForAsync(dev, output, "Ctrl-C stops everything", TimeSpan.FromMinutes(10), ct);
        Assert.True(ready, "evostream dev did not become ready from a mode-700 clone:\n" + string.Join('\n', output));
        var port = int.Parse(output.Select(l => ApiLine().Match(l)).First(m => m.Success).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        _relocatedData = output.Select(l => DataLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        if (Environment.UserName == "root")
        {
            // PostgreSQL runs as postgres, which cannot enter the clone: its data must have moved to a folder it owns.
            Assert.NotNull(_relocatedData);
        }

        Assert.Contains(output, l => l.Contains("Hosting environment: Development", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains("Hosting environment: Production", StringComparison.Ordinal));

        // The README's first step, with the key the launcher wrote for the user.
        var key = File.ReadAllLines(Path.Combine(clone, ".evostream", "dev.env"))
            .Single(l => l.StartsWith("export AUTHENTICATION_API_KEY=", StringComparison.Ordinal)).Split('=', 2)[1].Trim('\'');
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}") };
        http.DefaultRequestHeaders.Add("apikey", key);
        using var create = await http.PostAsJsonAsync("/instance/create", new { instanceName = "shop", qrcode = true, integration = "WHATSAPP-BAILEYS" }, ct);
        Assert.True(create.IsSuccessStatusCode, $"create answered {(int)create.StatusCode}: {await create.Content.ReadAsStringAsync(ct)}");
        // A first command on a fresh stack may outlast the outcome wait and answer 202: the instance then appears shortly.
        var listed = false;
        for (var attempt = 0; attempt < 600 && !listed; attempt++)
        {
            var instances = await http.GetFromJsonAsync<JsonElement>("/instance/fetchInstances", ct);
            listed = instances.EnumerateArray().Any(i => i.GetProperty("name").GetString() == "shop");
            if (!listed)
            {
                await Task.Delay(100, ct);
            }
        }

        Assert.True(listed, "fetchInstances did not list 'shop' within 60 s of its create");

        using (var kill = Process.Start("kill", ["-INT", dev.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }

        Assert.True(dev.WaitForExit(TimeSpan.FromSeconds(60)), "evostream dev did not stop after Ctrl-C:\n" + string.Join('\n', output));
        Assert.Equal(0, dev.ExitCode);
    }

    private static Process StartDev(string clone, string repo, int port, ConcurrentQueue<string> output)
    {
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = clone,
        };
        // The clone builds itself as a user's would; only the native broker build is shared, since it takes minutes.
        info.Environment["EVOSTREAM_NATIVE_CACHE"] = Path.Combine(repo, ".evostream", "native");
        foreach (var arg in new[] { "--default-signal=INT", "./evostream", "dev", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ./evostream dev");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue("stderr: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitForAsync(Process process, ConcurrentQueue<string> output, string line, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (output.Any(l => l.Contains(line, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(250, ct);
        }

        return output.Any(l => l.Contains(line, StringComparison.Ordinal));
    }

    private static async Task RunAsync(string file, string[] args, string workingDirectory, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Evostream.slnx")) && Path.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the tests do not run inside a git checkout of Evostream");
    }

    [GeneratedRegex(@"^API: http://localhost:(\d+) ")]
    private static partial Regex ApiLine();

    [GeneratedRegex(@"private PostgreSQL: \S+ \(data in (/var/lib/evostream/[^)]+)\)")]
    private static partial Regex DataLine();

    public void Dispose()
    {
        try
        {
            _home.Delete(recursive: true);
            if (_relocatedData is not null && Directory.GetParent(_relocatedData) is { } owned)
            {
                owned.Delete(recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
