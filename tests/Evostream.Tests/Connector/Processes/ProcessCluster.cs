using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Credentials;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Execution;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Ids;
using Evostream.Contracts.V1;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Infrastructure;
using Evostream.Tests.Simulator;
using Google.Protobuf;

namespace Evostream.Tests.Execution.Processes;

/// <summary>
/// Everything connector processes share: a topic prefix with all topics provisioned, a simulator journal and seed
/// (the one WhatsApp network they all talk to), a credentials key, and linked instances whose state and sealed
/// credentials sit in the state topics exactly as a connector writes them, so every replica resumes their sessions
/// on assignment. Commands go to each instance's partition.
/// </summary>
internal sealed class ProcessCluster : IDisposable
{
    private const long Seed = 4242;
    private readonly Dictionary<string, int> _partitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _recipients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _environment;
    private readonly IProducer<byte[]?, byte[]?> _producer;

    private ProcessCluster(ConnectorHarness harness, string keys, string journal, IReadOnlyList<string> instances)
    {
        Harness = harness;
        Journal = journal;
        Instances = instances;
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EVOSTREAM_MODE"] = "production",
            ["KAFKA_BROKERS"] = harness.Settings.Brokers,
            ["KAFKA_TOPIC_PREFIX"] = harness.Prefix,
            ["KAFKA_GLOBAL_ENABLED"] = "true",
            ["KAFKA_NUM_PARTITIONS"] = ConnectorHarness.Partitions.ToString(CultureInfo.InvariantCulture),
            ["EVOSTREAM_CREDENTIALS_KEYS"] = keys,
            ["EVOSTREAM_CONNECTOR_INPUT"] = "accepted",
            // Production mode simulates nothing unless asked: these replicas run the simulator on purpose.
            ["EVOSTREAM_WHATSAPP"] = "simulator",
            ["EVOSTREAM_SIMULATOR_SEED"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["EVOSTREAM_SIMULATOR_JOURNAL"] = journal,
            ["EVOSTREAM_SIMULATOR_READ_MS"] = "0",

            // Commands stream faster than WhatsApp lets a new number send: its limits would ban the test numbers.
            ["EVOSTREAM_SIMULATOR_WARMUP_DAILY_LIMIT"] = "1000000",
            ["EVOSTREAM_SIMULATOR_RECIPIENT_BURST"] = "1000000",
        };
        _producer = new ProducerBuilder<byte[]?, byte[]?>(harness.Configs.Producer("test-feed")).Build();
    }

    public ConnectorHarness Harness { get; }

    public string Journal { get; }

    public IReadOnlyList<string> Instances { get; }

    public static async Task<ProcessCluster> CreateAsync(EmbeddedStack stack, string tag, int instanceCount, CancellationToken ct)
    {
        var prefix = EmbeddedStack.NewPrefix(tag);
        var keys = CredentialKeys.NewKeyText("k1");
        var harness = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(prefix), keys);
        var settings = harness.Settings with { AutoCreateTopics = true, NumPartitions = ConnectorHarness.Partitions };
        var provisioner = new TopicProvisioner(TopicCatalog.BuiltIn, new EmbeddedTopicBackend(stack.Kafka, harness.Configs), settings);
        await provisioner.EnsureClusterTopicsAsync(ct);
        var instances = Enumerable.Range(0, instanceCount).Select(i => $"{tag}{i}").ToList();
        foreach (var instance in instances)
        {
            await provisioner.ProvisionInstanceAsync(instance, ct);
        }

        var journal = Directory.CreateTempSubdirectory("evostream-procs-").FullName;
        var cluster = new ProcessCluster(harness, keys, journal, instances);
        await cluster.LinkAsync();
        return cluster;
    }

    /// <param name="crashAfter">A command id: the replica then runs in the test host, which kills it right after that command's effect.</param>
    public ConnectorProcess Start(string replica, string? crashAfter = null) => new(replica, _environment, crashAfter);

    public static string Number(int index) => (5511970000000L + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>A text command of an instance to its own contact, on the instance's partition.</summary>
    public void SendText(string instance, string commandId)
    {
        var command = new CommandEnvelope
        {
            CommandId = commandId,
            Instance = instance,
            SendText = new SendText { Number = _recipients[instance], Text = "text " + commandId },
        };
        _producer.Produce(new TopicPartition(Harness.Topics.AcceptedCommands, _partitions[instance]),
            new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(instance), Value = CommandJson.Write(command) });
    }

    public void Flush() => _producer.Flush(TimeSpan.FromSeconds(30));

    /// <summary>Every outcome event (executed, rejected, unknown) committed so far, waiting for <paramref name="expected"/>.</summary>
    public List<EventEnvelope> Outcomes(int expected, TimeSpan timeout) =>
    [
        .. Harness.Events("command.executed", expected, timeout),
        .. Harness.Events("command.rejected", 0, TimeSpan.FromSeconds(1)),
        .. Harness.Events("command.outcome-unknown", 0, TimeSpan.FromSeconds(1)),
    ];

    /// <summary>The message ids the simulated network accepted for sending, one per journal line.</summary>
    public List<string> JournaledSends() =>
    [
        .. File.ReadAllLines(Path.Combine(Journal, "simulator.journal"))
            .Select(line => line.Split(' '))
            .Where(parts => parts is ["S", _])
            .Select(parts => parts[1]),
    ];

    public static string MessageId(string commandId) => CommandIds.MessageId(commandId);

    /// <summary>
    /// Links every instance on the shared network (the journal records the device) and stores its state and sealed
    /// credentials the way the connector does after a link, on the partition its commands use.
    /// </summary>
    private async Task LinkAsync()
    {
        var cipher = new CredentialsCipher(Harness.Keys);
        using var simulator = new SimulatorHarness(new SimulatorOptions(Seed: Seed, JournalDirectory: Journal));
        for (var i = 0; i < Instances.Count; i++)
        {
            var instance = Instances[i];
            var partition = i % ConnectorHarness.Partitions;
            _partitions[instance] = partition;
            _recipients[instance] = Number(1000 + i);
            var (_, credentials) = await simulator.LinkAsync(instance, Number(i));
            var state = new InstanceState
            {
                InstanceName = instance,
                InstanceId = "id-" + instance,
                Connection = "open",
                StatusReason = 200,
                Integration = simulator.Driver.Integration,
                TokenSha256 = new string('a', 64),
                Number = Number(i),
                OwnerJid = Number(i) + "@s.whatsapp.net",
                Settings = new InstanceSettings(),
            };
            Produce(Harness.Topics.InstanceState, partition, instance, state.ToByteArray());
            Produce(Harness.Topics.Sessions, partition, instance, Encoding.UTF8.GetBytes(cipher.Seal(credentials, instance)));
        }

        Flush();
    }

    private void Produce(string topic, int partition, string key, byte[] value) =>
        _producer.Produce(new TopicPartition(topic, partition), new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = value });

    public void Dispose()
    {
        _producer.Dispose();
        Directory.Delete(Journal, recursive: true);
    }
}
