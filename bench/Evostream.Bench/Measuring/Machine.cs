using System.Diagnostics;
using System.Globalization;

namespace Evostream.Bench.Measuring;

/// <summary>What the numbers were measured on: they mean little without it.</summary>
public sealed record Machine(int Cores, long MemoryBytes, string Os, string Runtime, string Commit)
{
    public static Machine Describe(string repo) => new(
        Environment.ProcessorCount,
        TotalMemory(),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        GitCommit(repo));

    private static long TotalMemory()
    {
        // /proc/meminfo's MemTotal is what the kernel can hand out; GC's view is capped by container limits.
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        return line is null
            ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
            : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string GitCommit(string repo)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", repo, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            var dirty = Process.Start(new ProcessStartInfo("git", ["-C", repo, "status", "--porcelain", "--untracked-files=no"]) { RedirectStandardOutput = true })!;
            var changes = dirty.StandardOutput.ReadToEnd().Trim();
            dirty.WaitForExit();
            return git.ExitCode == 0 ? commit + (changes.Length > 0 ? "+changes" : "") : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }
}
