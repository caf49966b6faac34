using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Connector.Drivers.Simulator.Network;
using Evostream.Connector.Events;
using Evostream.Connector.Execution;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evostream.Bench.Scenarios.Linking;

/// <summary>
/// A running connector on its own topic prefix with the simulator as its driver, and the phones that link its
/// instances: each instance is created through a command, and its QR code scanned through the simulator's control,
/// exactly as a user would. Events go to the global topics (one per event kind) so counting them is cheap.
/// </summary>
public sealed class LinkedConnector : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly EmbeddedTopicBackend _topicBackend;
    private readonly Task _run;
    private int _created;

    private LinkedConnector(BenchCluster cluster, int partitions, int maxBatch)
    {
        Topics = new StageTopics(cluster.NewName("cx"));
        Settings = cluster.SettingsFor(Topics.Prefix) with { GlobalEnabled = true };
        Configs = new KafkaClientConfigs(Settings);
        foreach (var topic in new[] { Topics.AcceptedCommands, Topics.CommandLedger, Topics.Sessions, Topics.InstanceState, Topics.DeadLetter })
        {
            cluster.Kafka.CreateTopic(topic, partitions, 3);
        }

        foreach (var name in EvolutionEvents.Published)
        {
            cluster.Kafka.CreateTopic(EvolutionTopics.Global(Topics.Prefix, name), partitions, 3);
        }

        // No warm-up period and no per-recipient pacing: the benchmark measures Evostream, not WhatsApp's limits.
        Network = new SimulatorNetwork(new SimulatorOptions(Seed: 7, WarmUpPeriod: TimeSpan.Zero, RecipientBurst: int.MaxValue), TimeProvider.System);
        Control = new SimulatorControl(Network);
        _topicBackend = new EmbeddedTopicBackend(cluster.Kafka, Configs);
        var keys = CredentialKeys.TryParse(CredentialKeys.NewKeyText("bench"), out var parsed, out var error) ? parsed : throw new InvalidOperationException(error);
        var connector = new ConnectorSettings("bench", ConnectorInput.AcceptedCommands, keys, maxBatch);
        var deps = new ConnectorDependencies(
            new DriverSet([new SimulatorDriver(Network)]),
            new CommandRecordReader(new ProtobufWireDeserializer<CommandEnvelope>()),
            new EventWriter(EventEncoder.Json(), new EventPublishing(Topics.Prefix, PerInstanceTopics: false, GlobalTopics: true, "http://localhost:8080"), TimeProvider.System),
            new CredentialsCipher(keys),
            Configs,
            Topics,
            new TopicProvisioner(TopicCatalog.BuiltIn, _topicBackend, Settings with { AutoCreateTopics = false }),
            connector,
            TimeProvider.System);
        Options = ConnectorService.Options(Topics, connector, Topics.Prefix) with { MaxBatchTime = BatchTime };
        Task = new ConnectorTask(deps, Topics.AcceptedCommands, NullLogger<ConnectorTask>.Instance);
        _run = System.Threading.Tasks.Task.Run(() => new TransactionalLoop(Configs, Options, Task, NullLogger.Instance).RunAsync(_stop.Token));
    }

    public static TimeSpan BatchTime { get; } = TimeSpan.FromMilliseconds(100);

    public StageTopics Topics { get; }

    public KafkaSettings Settings { get; }

    public KafkaClientConfigs Configs { get; }

    public StreamOptions Options { get; }

    public SimulatorNetwork Network { get; }

    public SimulatorControl Control { get; }

    public ConnectorTask Task { get; }

    public string EventTopic(string name) => EvolutionTopics.Global(Topics.Prefix, name);

    public static LinkedConnector Start(BenchCluster cluster, int partitions, int maxBatch) => new(cluster, partitions, maxBatch);

    /// <summary>Creates instances (named as <see cref="CommandFeed"/> names them) up to <paramref name="count"/> linked in all, and scans each QR code with its own number.</summary>
    public async Task LinkAsync(int count, CancellationToken ct)
    {
        CommandFeed.ProduceEnvelopes(Configs, Topics.AcceptedCommands, QrScanner.Creates(_created, count));
        _created = Math.Max(_created, count);
        await QrScanner.ScanUntilOpenAsync(Control, count, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _topicBackend.Dispose();
        Network.Dispose();
        _stop.Dispose();
    }
}
