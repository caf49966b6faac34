using System.Globalization;
using Evostream.Bench.Measuring;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// Evostream's transactional loop (with a pass-through task) against the bare exactly-once loop, same records,
/// same cluster, same batch limits: the overhead every Kafka stage pays before doing any work of its own.
/// </summary>
public sealed class LoopVsBareScenario : IScenario
{
    private const int Partitions = 12;
    private const int MaxBatch = 500;
    private static readonly TimeSpan s_batchTime = TimeSpan.FromMilliseconds(100);

    public string Name => "loop";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        var input = cluster.NewName("bench.loop.in");
        cluster.Kafka.CreateTopic(input, Partitions, 3);
        CommandFeed.Produce(cluster, input, profile.Records, profile.Instances);

        var (loop, bare) = await Runs.PairedAsync(
            profile,
            _ => Measure(cluster, input, profile.Records, (output, group, tx, token) => Task.Run(() =>
                new TransactionalLoop(cluster.Configs, new StreamOptions("bench-loop", group, [input], tx, output + ".dlq", MaxBatch, s_batchTime), new PassthroughTask(output), NullLogger.Instance).RunAsync(token), CancellationToken.None)),
            _ => Measure(cluster, input, profile.Records, (output, group, tx, token) =>
                Task.Factory.StartNew(() => new BareTransactionalLoop(cluster, input, output, group, tx, MaxBatch, s_batchTime).Run(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        return new ScenarioResult(
            "Stage: transactional loop",
            "TransactionalLoop with a pass-through task vs a bare consume-produce-commit loop",
            new Dictionary<string, string>
            {
                ["records"] = profile.Records.ToString(CultureInfo.InvariantCulture),
                ["instances (keys)"] = profile.Instances.ToString(CultureInfo.InvariantCulture),
                ["partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
                ["max batch"] = MaxBatch.ToString(CultureInfo.InvariantCulture),
                ["transaction interval"] = $"{s_batchTime.TotalMilliseconds} ms",
            },
            [new Measurement("throughput", "records/s", loop, bare, "bare transactional loop", Target: 0.5)]);
    }

    private static Task<double> Measure(BenchCluster cluster, string input, int records, Func<string, string, string, CancellationToken, Task> start)
    {
        var output = cluster.NewName(input + ".out");
        cluster.Kafka.CreateTopic(output, Partitions, 3);
        cluster.Kafka.CreateTopic(output + ".dlq", 1, 3);
        return StageRun.RateAsync(cluster, output, Partitions, records, token => start(output, cluster.NewName("bench-group"), cluster.NewName("bench-tx"), token));
    }
}
