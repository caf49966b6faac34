using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Npgsql;

namespace Evostream.Tests.Embedded;

/// <summary>`evostream dev` as a real process: what a new user runs, stopped the way a user stops it.</summary>
[Collection(DevStacksCollection.Name)]
public sealed class DevLauncherTests : IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("evostream-dev-");

    [Fact]
    public async Task Starts_the_stack_publishes_dev_env_and_stops_cleanly_on_ctrl_c_then_restarts_coherently()
    {
        var ct = TestContext.Current.CancellationToken;
        var firstKey = await RunOnce(ct);
        var secondKey = await RunOnce(ct);

        Assert.Equal(firstKey, secondKey); // the key survives restarts; the new cluster starts empty and coherent
    }

    [Fact]
    public async Task A_port_already_in_use_is_named_at_once_before_anything_starts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        using var launcher = Start(port);
        var error = launcher.StandardError.ReadToEndAsync(ct);
        await launcher.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(1, launcher.ExitCode);
        Assert.Contains($"port {port} is in use", await error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_state.FullName, "dev.env")), "the launcher went on past a taken port");
    }

    private async Task<string> RunOnce(CancellationToken ct)
    {
        // Port 0: the stack picks a free port just before it binds, so no parallel test can take it in between.
        using var launcher = Start(0);
        var ready = new TaskCompletionSource();
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        launcher.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains("Ctrl-C stops everything", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        launcher.ErrorDataReceived += (_, e) => output.Enqueue("stderr: " + e.Data);
        launcher.BeginOutputReadLine();
        launcher.BeginErrorReadLine();

        var exited = launcher.WaitForExitAsync(ct);
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(120), ct));
        Assert.True(first == ready.Task, "evostream dev did not become ready:\n" + string.Join('\n', output));
        var port = output.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^API: http://localhost:(\d+) ")).First(m => m.Success).Groups[1].Value;

        var env = ReadEnv(Path.Combine(_state.FullName, "dev.env"));
        Assert.Equal(3, env["KAFKA_BROKERS"].Split(',').Length);

        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>($"http://localhost:{port}/", ct);
        Assert.Equal("ok", status.GetProperty("status").GetString());

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = env["KAFKA_BROKERS"] }).Build())
        {
            Assert.Equal(3, admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Count);
        }

        var database = DatabaseUri.ToConnectionString(env["DATABASE_CONNECTION_URI"]);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(ct);
            await using var select = new NpgsqlCommand("select 1", connection);
            Assert.Equal(1, await select.ExecuteScalarAsync(ct));
        }

        NpgsqlConnection.ClearAllPools();
        Interrupt(launcher);
        Assert.True(launcher.WaitForExit(TimeSpan.FromSeconds(60)), "evostream dev did not stop after Ctrl-C:\n" + string.Join('\n', output));
        Assert.Equal(0, launcher.ExitCode);

        // PostgreSQL went down with it: nothing is left listening and its pid file is gone.
        Assert.False(File.Exists(Path.Combine(_state.FullName, "postgres", "postmaster.pid")), "PostgreSQL was left running");
        await using (var gone = new NpgsqlConnection(database + ";Timeout=2"))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => gone.OpenAsync(ct));
        }

        return env["AUTHENTICATION_API_KEY"];
    }

    private Process Start(int port)
    {
        // Through env(1) so SIGINT reaches it as it does a terminal's foreground program: a test run started in the
        // background of a non-interactive shell (a CI step with '&') ignores SIGINT, and a child inherits that.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _state.FullName,
        };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "evostream.dll"), "dev", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", _state.FullName })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start evostream dev");
    }

    private static void Interrupt(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('\''));

    public void Dispose()
    {
        try
        {
            _state.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
