using System.Diagnostics;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Deployment;

/// <summary>Runs one of the repository's eng/ scripts and returns its standard output, failing the test if it fails.</summary>
internal static class Script
{
    public static string Run(string interpreter, string relativePath, params string[] args)
    {
        var info = new ProcessStartInfo(interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoRoot.File(relativePath));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {interpreter}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{relativePath} exited with {process.ExitCode}: {stderr.Result}{stdout}");
        return stdout;
    }
}
