using System.Globalization;
using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios.Linking;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// The Connector task on the transactional loop, with the simulator as its WhatsApp, executing sendText commands
/// for instances linked through it, against the bare loop over the same records.
/// </summary>
public sealed class ConnectorScenario : IScenario
{
    private const int Partitions = 12;
    private const int MaxBatch = 500;

    public string Name => "connector";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        var bareInput = cluster.NewName("bench.cx.in");
        cluster.Kafka.CreateTopic(bareInput, Partitions, 3);
        CommandFeed.Produce(cluster, bareInput, profile.Records, profile.Instances);

        await using var connector = LinkedConnector.Start(cluster, Partitions, MaxBatch);
        await connector.LinkAsync(profile.Instances, ct);
        var sends = connector.EventTopic("send.message");
        var (subject, bare) = await Runs.PairedAsync(
            profile,
            async _ =>
            {
                using var counter = await CommittedCounter.StartAsync(cluster, sends, Partitions);
                CommandFeed.Produce(cluster, connector.Topics.AcceptedCommands, profile.Records, profile.Instances);
                return await counter.RatePerSecondAsync(profile.Records, TimeSpan.FromMinutes(10), ct);
            },
            _ => StageRun.BareAsync(cluster, bareInput, Partitions, profile.Records, MaxBatch, LinkedConnector.BatchTime));

        return new ScenarioResult(
            "Stage: connector",
            "Connector task on the TransactionalLoop with the simulator driver executing sendText for linked instances (send.message events/s) vs the bare loop with the same records",
            new Dictionary<string, string>
            {
                ["commands"] = profile.Records.ToString(CultureInfo.InvariantCulture),
                ["instances (linked)"] = profile.Instances.ToString(CultureInfo.InvariantCulture),
                ["partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
                ["max batch"] = MaxBatch.ToString(CultureInfo.InvariantCulture),
                ["transaction interval"] = $"{LinkedConnector.BatchTime.TotalMilliseconds} ms",
                ["events"] = "JSON on the global topics, 12 partitions each",
                ["feed"] = "produced while the connector runs (the bare loop's is produced before)",
            },
            [new Measurement("throughput", "commands/s", subject, bare, "bare transactional loop", Target: 0.5)]);
    }
}
