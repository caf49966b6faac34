using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Execution.Processes;

/// <summary>A session starting or stopping on a replica, as that replica's log says, with its own clock's time.</summary>
internal sealed record SessionChange(DateTimeOffset At, string Replica, string Instance, bool Started);

/// <summary>
/// The built connector program (src/Connector) as a real child process, logging JSON lines so the test can read which
/// sessions it runs. <see cref="Kill"/> is SIGKILL: no shutdown code runs. Given a command id to crash after, it runs
/// the same connector inside tests/ConnectorTestHost, whose transport kills the process right after that command's
/// effect, before its commit: the fault is injected from here, never by a switch in the shipped program.
/// </summary>
internal sealed class ConnectorProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<SessionChange> _sessions = new();

    public ConnectorProcess(string replica, IReadOnlyDictionary<string, string> environment, string? crashAfter = null)
    {
        Replica = replica;
        var program = crashAfter is null
            ? RepoRoot.File("src", "Connector", "bin", "Release", "net10.0", "Evostream.Connector.dll")
            : RepoRoot.File("tests", "ConnectorTestHost", "bin", "Release", "net10.0", "Evostream.ConnectorTestHost.dll");
        Assert.True(File.Exists(program), $"build the connector first: {program}");
        var start = new ProcessStartInfo("dotnet", crashAfter is null ? [program] : [program, crashAfter])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("EVOSTREAM_", StringComparison.Ordinal) || k.StartsWith("KAFKA_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["EVOSTREAM_REPLICA_ID"] = replica;
        start.Environment["Logging__Console__FormatterName"] = "json";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "O";
        start.Environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data is null ? null : "stderr: " + e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Replica { get; }

    public DateTimeOffset? KilledAt { get; private set; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyCollection<SessionChange> Sessions => [.. _sessions];

    /// <summary>Instances whose session runs here according to the log so far.</summary>
    public IReadOnlySet<string> Running()
    {
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in _sessions)
        {
            if (change.Started)
            {
                running.Add(change.Instance);
            }
            else
            {
                running.Remove(change.Instance);
            }
        }

        return running;
    }

    public string Output => string.Join('\n', _output);

    public bool Logged(string text) => _output.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>SIGKILL, then waits until the process and its output are gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        KilledAt = DateTimeOffset.UtcNow;
    }

    public async Task WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"replica {Replica} did not exit in {timeout.TotalSeconds} s:\n{Output}");
        }

        _process.WaitForExit();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (!line.StartsWith('{') || !line.Contains("connector: session of", StringComparison.Ordinal))
        {
            return;
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var state = root.GetProperty("State");
        var format = state.GetProperty("{OriginalFormat}").GetString() ?? "";
        _sessions.Enqueue(new SessionChange(
            DateTimeOffset.Parse(root.GetProperty("Timestamp").GetString()!, CultureInfo.InvariantCulture),
            state.GetProperty(nameof(SessionChange.Replica)).GetString()!,
            state.GetProperty(nameof(SessionChange.Instance)).GetString()!,
            format.Contains("started", StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
