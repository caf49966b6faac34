using System.Globalization;

namespace Evostream.Bench.Measuring;

/// <summary>The process's resident memory and managed heap, read after full compacting collections.</summary>
public static class ProcessMemory
{
    public const double MiB = 1024 * 1024;

    public static (long Rss, long Heap) Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (Rss(), GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>VmRSS from /proc/self/status, in bytes.</summary>
    public static long Rss()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
