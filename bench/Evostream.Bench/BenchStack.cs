using Evostream.Platform.Embedded;

namespace Evostream.Bench;

/// <summary>
/// What a whole bench run shares: a private PostgreSQL (slow to start; scenarios keep to schemas and tables of their
/// own) and the name counter. Kafka is never shared: each measurement gets a fresh cluster through
/// <see cref="OnFreshClusterAsync{T}"/>, since the mock cluster keeps every record in memory and a cluster that had
/// carried earlier scenarios' traffic made later numbers depend on what ran before them.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly string _dataDir;
    private int _counter;

    private BenchStack(PrivatePostgres postgres, string dataDir)
    {
        Postgres = postgres;
        _dataDir = dataDir;
    }

    public PrivatePostgres Postgres { get; }

    public static async Task<BenchStack> StartAsync(CancellationToken ct)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"evostream-bench-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var postgres = await PrivatePostgres.StartAsync(dataDir, durable: false, ct: ct);
        return new BenchStack(postgres, dataDir);
    }

    /// <summary>A name no other run uses, legal for topics, groups and schemas.</summary>
    public string NewName(string hint) => $"{hint}{Interlocked.Increment(ref _counter)}x{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Runs <paramref name="run"/> on a 3-broker mock cluster started for it alone, then destroys the cluster, so the
    /// records it held are freed before anything else is measured. Every Kafka client <paramref name="run"/> made
    /// must be disposed by the time it completes: one left behind would retry the vanished brokers for the rest of
    /// the run, so it fails the run instead.
    /// </summary>
    public async Task<T> OnFreshClusterAsync<T>(Func<BenchCluster, Task<T>> run)
    {
        var threadsBefore = LibrdkafkaThreads.Running();
        T result;
        using (var cluster = new BenchCluster(this, EmbeddedKafka.Start(brokerCount: 3)))
        {
            result = await run(cluster);
        }

        NativeHeap.ReturnFreed();
        var left = LibrdkafkaThreads.Running().Except(threadsBefore).ToList();
        return left.Count == 0
            ? result
            : throw new InvalidOperationException(
                $"{left.Count} librdkafka thread(s) outlived their cluster ({string.Join(", ", left.Select(t => t.Name).Distinct())}): a producer, consumer or admin client was not disposed.");
    }

    public async ValueTask DisposeAsync()
    {
        await Postgres.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
