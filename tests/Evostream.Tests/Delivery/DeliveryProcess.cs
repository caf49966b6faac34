using System.Collections.Concurrent;
using System.Diagnostics;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Delivery;

/// <summary>
/// The built delivery program (src/Delivery) as a real child process, with the environment given and nothing
/// inherited from the test's own EVOSTREAM_/KAFKA_ variables. <see cref="Kill"/> is SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class DeliveryProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public DeliveryProcess(IReadOnlyDictionary<string, string?> environment)
    {
        var program = RepoRoot.File("src", "Delivery", "bin", "Release", "net10.0", "Evostream.Delivery.dll");
        Assert.True(File.Exists(program), $"build the delivery stage first: {program}");
        var start = new ProcessStartInfo("dotnet", [program])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("EVOSTREAM_", StringComparison.Ordinal) || k.StartsWith("KAFKA_", StringComparison.Ordinal) || k.StartsWith("WEBHOOK_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data is null ? null : "stderr: " + e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    /// <summary>SIGKILL, then waits until the process and its output are gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private void Read(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
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
