using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Evostream.Bench.Measuring;
using Evostream.CommandProcessor;
using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Intake;
using Evostream.CommandProcessor.Output;
using Evostream.CommandProcessor.Repartition;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// The CommandProcessor task on the transactional loop over valid sendText commands for instances it knows as open
/// (no rate limits, so each command is accepted at once), against the bare loop over the same records.
/// </summary>
public sealed class ProcessorScenario : IScenario
{
    private const int Partitions = 12;
    private const int MaxBatch = 500;
    private static readonly TimeSpan s_batchTime = TimeSpan.FromMilliseconds(100);

    public string Name => "processor";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        var bareInput = cluster.NewName("bench.cp.in");
        cluster.Kafka.CreateTopic(bareInput, Partitions, 3);
        CommandFeed.Produce(cluster, bareInput, profile.Records, profile.Instances);

        var (processor, bare) = await Runs.PairedAsync(
            profile,
            _ => MeasureProcessorAsync(cluster, profile, offHome: false),
            _ => StageRun.BareAsync(cluster, bareInput, Partitions, profile.Records, MaxBatch, s_batchTime));
        var offHome = await Runs.RepeatedAsync(profile, _ => MeasureProcessorAsync(cluster, profile, offHome: true));

        return new ScenarioResult(
            "Stage: command processor",
            "CommandProcessor task on the TransactionalLoop over valid sendText commands for open instances vs the bare loop with the same records; "
            + "once produced with Evostream's murmur2 partitioner (every command already home, no hop), once each to the partition after its home one (every command moved home through the repartition topic first)",
            new Dictionary<string, string>
            {
                ["commands"] = profile.Records.ToString(CultureInfo.InvariantCulture),
                ["instances (open)"] = profile.Instances.ToString(CultureInfo.InvariantCulture),
                ["partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
                ["max batch"] = MaxBatch.ToString(CultureInfo.InvariantCulture),
                ["transaction interval"] = $"{s_batchTime.TotalMilliseconds} ms",
                ["rate limits"] = "none",
                ["events"] = "command.accepted as JSON on the global topic",
            },
            [
                new Measurement("throughput", "commands/s", processor, bare, "bare transactional loop", Target: 0.5),
                new Measurement("throughput, every command off its home partition", "commands/s", offHome, bare, "bare transactional loop", Target: 0.5),
            ]);
    }

    private static async Task<double> MeasureProcessorAsync(BenchCluster cluster, Profile profile, bool offHome)
    {
        var topics = new StageTopics(cluster.NewName("cp"));
        var settings = cluster.SettingsFor(topics.Prefix) with { GlobalEnabled = true };
        var configs = new KafkaClientConfigs(settings);
        foreach (var topic in new[] { topics.Commands, topics.RepartitionedCommands, topics.AcceptedCommands, topics.RejectedCommands, topics.InstanceState, topics.ProcessorState, topics.Schedules, topics.DeadLetter })
        {
            cluster.Kafka.CreateTopic(topic, Partitions, 3);
        }

        foreach (var name in new[] { EvolutionEvents.CommandAccepted, EvolutionEvents.CommandRejected })
        {
            cluster.Kafka.CreateTopic(EvolutionTopics.Global(topics.Prefix, name), Partitions, 3);
        }

        SeedOpenInstances(configs, topics, profile.Instances);
        CommandFeed.Produce(cluster, topics.Commands, profile.Records, profile.Instances, offHome ? Partitions : null);

        var processor = CommandProcessorSettings.Defaults with { ReplicaId = topics.Prefix };
        var groupId = CommandProcessorService.GroupId(topics);
        return await StageRun.RateAsync(cluster, topics.AcceptedCommands, Partitions, profile.Records, async token =>
        {
            var reader = new CommandRecordReader(new ProtobufWireDeserializer<CommandEnvelope>());
            using var task = new CommandProcessorTask(processor, topics, configs, groupId,
                new CommandRouter(topics, reader), new CommandIntake(reader),
                new ProcessorOutput(topics, EventEncoder.Json(), new EventPublishing(topics.Prefix, PerInstanceTopics: false, GlobalTopics: true, "http://localhost:8080"), TimeProvider.System),
                (_, _) => Task.CompletedTask,
                TimeProvider.System, NullLogger.Instance);
            var options = CommandProcessorService.Options(topics, processor, MaxBatch, s_batchTime);
            await Task.Run(() => new TransactionalLoop(configs, options, task, NullLogger.Instance).RunAsync(token), CancellationToken.None);
        });
    }

    /// <summary>What the connector publishes for a linked instance: its state on the instance-state topic, connection open.</summary>
    private static void SeedOpenInstances(KafkaClientConfigs configs, StageTopics topics, int instances)
    {
        using var producer = configs.ProducerBuilder<byte[]?, byte[]?>(configs.Producer("bench-seed")).Build();
        for (var i = 0; i < instances; i++)
        {
            var instance = CommandFeed.Instance(i);
            var state = new InstanceState
            {
                InstanceName = instance, InstanceId = "id-" + instance, Connection = "open",
                UpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            };
            producer.Produce(topics.InstanceState, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(instance), Value = state.ToByteArray() });
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }
}
