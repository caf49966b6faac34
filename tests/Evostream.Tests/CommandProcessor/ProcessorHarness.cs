using System.Text;
using Confluent.Kafka;
using Evostream.CommandProcessor;
using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Intake;
using Evostream.CommandProcessor.Output;
using Evostream.CommandProcessor.Repartition;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Confluent.SchemaRegistry;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Evostream.Tests.Infrastructure;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Evostream.Tests.CommandProcessor;

/// <summary>The processor's topics on the shared embedded Kafka, a controllable clock, and loops to start and stop.</summary>
internal sealed class ProcessorHarness
{
    public const int Partitions = 3;
    private readonly EmbeddedKafka _kafka;

    /// <param name="kafka">A private cluster instead of the shared one, for tests that inject faults (they hit every client of a cluster).</param>
    public ProcessorHarness(EmbeddedStack stack, CommandProcessorSettings settings, EmbeddedKafka? kafka = null)
    {
        _kafka = kafka ?? stack.Kafka;
        var prefix = EmbeddedStack.NewPrefix("cp");
        Topics = new StageTopics(prefix);
        Configs = new KafkaClientConfigs(_kafka.SettingsFor(prefix));
        Settings = settings with { ReplicaId = prefix };
        foreach (var topic in new[] { Topics.Commands, Topics.RepartitionedCommands, Topics.AcceptedCommands, Topics.RejectedCommands, Topics.InstanceState, Topics.ProcessorState, Topics.Schedules, Topics.DeadLetter })
        {
            _kafka.CreateTopic(topic, Partitions, 3);
        }
    }

    public StageTopics Topics { get; }

    public KafkaClientConfigs Configs { get; }

    public CommandProcessorSettings Settings { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public string EventTopic(string instance, string name) => EvolutionTopics.PerInstance(Topics.Prefix, instance, name);

    public void CreateEventTopics(string instance)
    {
        foreach (var name in new[] { EvolutionEvents.CommandAccepted, EvolutionEvents.CommandRejected })
        {
            _kafka.CreateTopic(EventTopic(instance, name), 1, 3);
        }
    }

    /// <summary>When set, Protobuf commands are checked against this registry, as in production.</summary>
    public ISchemaRegistryClient? Registry { get; set; }

    /// <param name="replica">Another replica's id (its own transactional id) in the same consumer group; null for this one's.</param>
    public (Task Run, CancellationTokenSource Stop) Start(string? replica = null)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var settings = replica is null ? Settings : Settings with { ReplicaId = Settings.ReplicaId + "-" + replica };
        var reader = new CommandRecordReader(new ProtobufWireDeserializer<CommandEnvelope>(Registry));
        var task = new CommandProcessorTask(settings, Topics, Configs, CommandProcessorService.GroupId(Topics),
            new CommandRouter(Topics, reader), new CommandIntake(reader),
            new ProcessorOutput(Topics, EventEncoder.Json(), new EventPublishing(Topics.Prefix, true, false, "http://localhost:8080"), Clock),
            (instance, _) =>
            {
                CreateEventTopics(instance);
                return Task.CompletedTask;
            },
            Clock, NullLogger.Instance);
        var options = CommandProcessorService.Options(Topics, settings, 500, TimeSpan.FromMilliseconds(50));
        var loop = new TransactionalLoop(Configs, options, task, NullLogger.Instance);
        async Task Run()
        {
            using (task)
            {
                await loop.RunAsync(stop.Token);
            }
        }

        return (Run(), stop);
    }

    public void Connector(string instance, string connection, bool hold = false)
    {
        var state = new InstanceState
        {
            InstanceName = instance, InstanceId = "id-" + instance, Connection = connection, HoldUntilConnected = hold,
            UpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Clock.GetUtcNow()),
        };
        Produce(Topics.InstanceState, instance, state.ToByteArray());
    }

    /// <summary>The connector deleting an instance: a tombstone on the instance-state topic, stamped <paramref name="at"/>.</summary>
    public void ConnectorDeleted(string instance, DateTimeOffset at) => Produce(Topics.InstanceState, instance, null, at);

    public void Produce(string topic, string? key, byte[]? value, DateTimeOffset? at = null)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(Configs.Producer("test-feed")).Build();
        var message = new Message<byte[]?, byte[]?> { Key = key is null ? null : Encoding.UTF8.GetBytes(key), Value = value };
        if (at is { } time)
        {
            message.Timestamp = new Timestamp(time);
        }

        producer.Produce(topic, message);
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    public void Commands(IEnumerable<string> json, string key = "shop") => Commands(json.Select(Encoding.UTF8.GetBytes), key);

    public void Commands(IEnumerable<byte[]> values, string key = "shop")
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(Configs.Producer("test-feed")).Build();
        foreach (var value in values)
        {
            producer.Produce(Topics.Commands, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    public TopicTail Tail(string topic) => new(Configs, topic);
}

/// <summary>Accumulates every committed record of a topic, from the beginning.</summary>
internal sealed class TopicTail : IDisposable
{
    private readonly IConsumer<string?, byte[]?> _consumer;

    public TopicTail(KafkaClientConfigs configs, string topic)
    {
        _consumer = new ConsumerBuilder<string?, byte[]?>(configs.Consumer("test-tail", "tail-" + Guid.NewGuid().ToString("N"))).Build();
        using var admin = new AdminClientBuilder(configs.Admin("test-meta")).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    }

    public List<ConsumeResult<string?, byte[]?>> Records { get; } = [];

    /// <summary>Reads until at least <paramref name="count"/> records arrived (or <paramref name="timeout"/>, 60 s by default, passed), then a moment longer to catch extras.</summary>
    public List<ConsumeResult<string?, byte[]?>> WaitFor(int count, TimeSpan? settle = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (Records.Count < count && DateTime.UtcNow < deadline)
        {
            Drain(TimeSpan.FromMilliseconds(100));
        }

        var end = DateTime.UtcNow + (settle ?? TimeSpan.FromMilliseconds(300));
        while (DateTime.UtcNow < end)
        {
            Drain(TimeSpan.FromMilliseconds(50));
        }

        return Records;
    }

    private void Drain(TimeSpan wait)
    {
        while (_consumer.Consume(wait) is { IsPartitionEOF: false } record)
        {
            Records.Add(record);
            wait = TimeSpan.Zero;
        }
    }

    public static string Header(ConsumeResult<string?, byte[]?> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : "";

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
