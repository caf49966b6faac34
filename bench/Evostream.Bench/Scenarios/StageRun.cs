namespace Evostream.Bench.Scenarios;

/// <summary>
/// Starts a stage (or its baseline), counts its committed output from the first to the last expected record, and
/// stops it: the shape every stage-against-baseline run shares.
/// </summary>
public static class StageRun
{
    public static async Task<double> RateAsync(BenchCluster cluster, string output, int partitions, int expected, Func<CancellationToken, Task> start)
    {
        using var counter = await CommittedCounter.StartAsync(cluster, output, partitions);
        using var cts = new CancellationTokenSource();
        var running = start(cts.Token);
        try
        {
            return await counter.RatePerSecondAsync(expected, TimeSpan.FromMinutes(10));
        }
        finally
        {
            await cts.CancelAsync();
            await running;
        }
    }

    /// <summary>The bare exactly-once loop over <paramref name="input"/> into a fresh output topic: records/s.</summary>
    public static Task<double> BareAsync(BenchCluster cluster, string input, int partitions, int records, int maxBatch, TimeSpan batchTime)
    {
        var output = cluster.NewName(input + ".bare");
        cluster.Kafka.CreateTopic(output, partitions, 3);
        return RateAsync(cluster, output, partitions, records, token => Task.Factory.StartNew(
            () => new BareTransactionalLoop(cluster, input, output, cluster.NewName("bench-group"), cluster.NewName("bench-tx"), maxBatch, batchTime).Run(token),
            token, TaskCreationOptions.LongRunning, TaskScheduler.Default));
    }
}
