using System.Text;
using Confluent.Kafka;
using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Connector.Drivers;
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

namespace Evostream.Tests.Execution;

/// <summary>
/// A connector on its own topic prefix: stage topics created, events written to the global topics (one per event
/// kind, easy to read back), commands fed as Evolution-style JSON keyed by instance.
/// </summary>
internal sealed class ConnectorHarness
{
    public const int Partitions = 4;

    public static readonly string[] EventNames =
    [
        "command.executed", "command.rejected", "command.outcome-unknown", "send.message", "instance.create",
        "instance.configured", "connection.update", "logout.instance", "instance.delete", "remove.instance",
    ];

    private readonly EmbeddedKafka _kafka;

    public ConnectorHarness(EmbeddedKafka kafka, KafkaSettings settings, string? keysText = null)
    {
        _kafka = kafka;
        Prefix = settings.TopicPrefix;
        Settings = settings with { Brokers = kafka.BootstrapServers, GlobalEnabled = true };
        Configs = new KafkaClientConfigs(Settings);
        Topics = new StageTopics(Prefix);
        foreach (var topic in new[] { Topics.AcceptedCommands, Topics.CommandLedger, Topics.Sessions, Topics.InstanceState, Topics.DeadLetter })
        {
            kafka.CreateTopic(topic, Partitions, 3);
        }

        foreach (var name in EventNames)
        {
            kafka.CreateTopic(EvolutionTopics.Global(Prefix, name), 1, 3);
        }

        Keys = CredentialKeys.TryParse(keysText ?? CredentialKeys.NewKeyText("k1"), out var keys, out var error) ? keys : throw new ArgumentException(error);
    }

    public string Prefix { get; }

    public KafkaSettings Settings { get; }

    public KafkaClientConfigs Configs { get; }

    public StageTopics Topics { get; }

    public CredentialKeys Keys { get; }

    public ConnectorDependencies Dependencies(IWhatsAppDriver driver, string replica = "r1") => Dependencies(new DriverSet([driver]), replica);

    public ConnectorDependencies Dependencies(DriverSet drivers, string replica = "r1")
    {
        var connector = new ConnectorSettings(replica, ConnectorInput.AcceptedCommands, Keys, 50);
        var backend = new EmbeddedTopicBackend(_kafka, Configs);
        return new ConnectorDependencies(
            drivers,
            new CommandRecordReader(new ProtobufWireDeserializer<CommandEnvelope>()),
            new EventWriter(EventEncoder.Json(), new EventPublishing(Prefix, PerInstanceTopics: false, GlobalTopics: true, "http://localhost"), TimeProvider.System),
            new CredentialsCipher(Keys),
            Configs,
            Topics,
            new TopicProvisioner(TopicCatalog.BuiltIn, backend, Settings with { AutoCreateTopics = false }),
            connector,
            TimeProvider.System);
    }

    /// <summary>Starts a replica; cancel the token to stop it (it commits and leaves the group).</summary>
    public (ConnectorTask Task, Task Run) Start(IWhatsAppDriver driver, CancellationToken ct, string replica = "r1") =>
        Start(new DriverSet([driver]), ct, replica);

    public (ConnectorTask Task, Task Run) Start(DriverSet drivers, CancellationToken ct, string replica = "r1")
    {
        var deps = Dependencies(drivers, replica);
        var options = ConnectorService.Options(Topics, deps.Settings, Prefix) with { MaxBatchTime = TimeSpan.FromMilliseconds(50) };
        var task = new ConnectorTask(deps, Topics.AcceptedCommands, NullLogger<ConnectorTask>.Instance);
        return (task, new TransactionalLoop(Configs, options, task, NullLogger.Instance).RunAsync(ct));
    }

    public void Send(params CommandEnvelope[] commands)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(Configs.Producer("test-feed")).Build();
        foreach (var command in commands)
        {
            producer.Produce(Topics.AcceptedCommands, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(command.Instance), Value = CommandJson.Write(command) });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    public void SendRaw(string instance, byte[] value)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(Configs.Producer("test-feed")).Build();
        producer.Produce(Topics.AcceptedCommands, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(instance), Value = value });
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    public static CommandEnvelope Create(string instance) =>
        new() { CommandId = $"create-{instance}", Instance = instance, CreateInstance = new CreateInstance { Qrcode = true, TokenSha256 = new string('a', 64) } };

    public static CommandEnvelope Text(string instance, string commandId, string text) =>
        new() { CommandId = commandId, Instance = instance, SendText = new SendText { Number = "5511988887777", Text = text } };

    /// <summary>Committed events of one kind, parsed, waiting until <paramref name="expected"/> arrive and then a little more for extras.</summary>
    public List<EventEnvelope> Events(string eventName, int expected, TimeSpan? timeout = null) =>
        [.. ReadCommitted(EvolutionTopics.Global(Prefix, eventName), expected, timeout).Select(Parse)];

    public List<ConsumeResult<byte[]?, byte[]?>> ReadCommitted(string topic, int expected, TimeSpan? timeout = null, int partitions = 1)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(Configs.Consumer("test-read", "reader-" + Guid.NewGuid().ToString("N"))).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        DateTime? settle = null;
        while (DateTime.UtcNow < (settle ?? deadline))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } r)
            {
                records.Add(r);
            }

            if (records.Count >= expected && settle is null)
            {
                settle = DateTime.UtcNow.AddMilliseconds(700);
            }
        }

        return records;
    }

    private static EventEnvelope Parse(ConsumeResult<byte[]?, byte[]?> record)
    {
        string? Header(string name) => record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
        return EvolutionJson.Read(record.Message.Value ?? [], Header(EvolutionHeaders.EventId), Header(EvolutionHeaders.CausationId));
    }
}
