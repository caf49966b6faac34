using System.Diagnostics;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>What a finished external program printed.</summary>
public sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the real programs (kcat, node, npm) that consumers of Evostream's records use.</summary>
public static class ExternalTool
{
    /// <summary>The program's path on PATH, or null when it is not installed.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The program's path; fails the test with <paramref name="howToInstall"/> when it is missing.</summary>
    public static string Require(string name, string howToInstall) =>
        Find(name) ?? throw new InvalidOperationException($"'{name}' is not installed, and the real-client tests need it: {howToInstall}");

    /// <exception cref="TimeoutException">The program ran past <paramref name="timeout"/>; it is killed and the message shows its output.</exception>
    public static async Task<ToolRun> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(ct);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} ran past {timeout}; {new ToolRun(-1, await stdout, await stderr)}");
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }
}
