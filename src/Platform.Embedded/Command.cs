using System.Diagnostics;

namespace Evostream.Platform.Embedded;

/// <summary>Runs a helper program to completion and fails with its output when it fails.</summary>
internal static class Command
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, bool check = true)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = (await stdout + await stderr).Trim();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {output}");
        }

        return output;
    }
}
