namespace Evostream.Bench.Scenarios;

/// <summary>
/// Starts a stage (or its baseline), counts its committed output from the first to the last expected record, and
/// stops it: the shape every stage-against-baseline run shares.
/// </summary>
public static class StageRun
{
    public static async Task<double> RateAsync(BenchStack stack, string output, int partitions, int expected, Func<CancellationToken, Task> start)
    {
        using var counter = await CommittedCounter.StartAsync(stack, output, partitions);
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
    public static Task<double> BareAsync(BenchStack stack, string input, int partitions, int records, int maxBatch, TimeSpan batchTime)
    {
        var output = stack.NewName(input + ".bare");
        stack.Kafka.CreateTopic(output, partitions, 3);
        return RateAsync(stack, output, partitions, records, token => Task.Factory.StartNew(
            () => new BareTransactionalLoop(stack, input, output, stack.NewName("bench-group"), stack.NewName("bench-tx"), maxBatch, batchTime).Run(token),
            token, TaskCreationOptions.LongRunning, TaskScheduler.Default));
    }
}
