using System.Runtime.InteropServices;

namespace Evostream.Bench;

/// <summary>The C heap librdkafka allocates from (glibc malloc).</summary>
public static partial class NativeHeap
{
    /// <summary>
    /// Gives the pages of freed allocations back to the kernel. A destroyed mock cluster frees its records, but glibc
    /// keeps most freed pages mapped for reuse: without this the process stays as large as its largest cluster, and a
    /// later RSS measurement would see allocations that reuse those pages as free.
    /// </summary>
    public static void ReturnFreed()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = malloc_trim(0);
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);
}
