using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Evostream.Api.Configuration;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;

namespace Evostream.Api.Writing;

/// <summary>
/// Writes commands to the commands topic, keyed by instance so one instance's commands stay in order (invariant 1).
/// A command counts as written only when every in-sync replica has it (acks=all, invariant 6).
/// </summary>
public sealed class CommandProducer : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly ProtobufWireSerializer<CommandEnvelope>? _protobuf;
    private readonly CachedSchemaRegistryClient? _registry;

    public CommandProducer(KafkaClientConfigs configs, EvostreamSettings settings, ApiSettings api)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(api);
        var config = configs.Producer("api");
        // librdkafka's default is to keep retrying for five minutes; a REST caller is told 503 long before that.
        config.MessageTimeoutMs = (int)api.ProduceTimeout.TotalMilliseconds;
        config.LingerMs = 1;
        _producer = configs.ProducerBuilder<string, byte[]>(config).Build();
        Topic = new StageTopics(settings.Kafka.TopicPrefix).Commands;
        if (settings.RecordFormat == RecordFormat.Protobuf && settings.SchemaRegistry is { } registry)
        {
            _registry = SchemaRegistryClients.Create(registry.Url, registry.BasicAuthUserInfo, requestTimeout: api.ProduceTimeout);
            _protobuf = new ProtobufWireSerializer<CommandEnvelope>(_registry);
        }
    }

    public const string IssuedByHeader = "issued-by";

    public string Topic { get; }

    /// <summary>Produces <paramref name="envelope"/>; throws <see cref="CommandNotWrittenException"/> when Kafka did not take it.</summary>
    public async Task<TopicPartitionOffset> ProduceAsync(CommandEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        byte[] value;
        string contentType;
        try
        {
            (value, contentType) = _protobuf is null
                ? (CommandJson.Write(envelope), EvolutionHeaders.JsonContentType)
                : (await _protobuf.SerializeAsync(envelope, Topic), EvolutionHeaders.ProtobufContentType);
        }
        // SchemaRegistryException (an answer from the registry) is an HttpRequestException too.
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CommandNotWrittenException("the Schema Registry did not answer: " + e.Message, e);
        }

        var message = new Message<string, byte[]>
        {
            Key = envelope.Instance,
            Value = value,
            Headers =
            [
                new Header(EvolutionHeaders.ContentType, Encoding.UTF8.GetBytes(contentType)),
                // JSON commands never carry their issuer in the body (readers must not trust it there); the header says
                // who the Api authenticated, e.g. "api/global-key". Protobuf commands also carry it in issued_by.
                new Header(IssuedByHeader, Encoding.UTF8.GetBytes($"{envelope.IssuedBy?.Kind}/{envelope.IssuedBy?.Principal}")),
            ],
        };
        try
        {
            // Not cancelled with the request: once handed to the client the record may be written, and the caller
            // must learn which (a written command is answered 201/202, never 503).
            var result = await _producer.ProduceAsync(Topic, message, CancellationToken.None);
            return result.TopicPartitionOffset;
        }
        catch (ProduceException<string, byte[]> e)
        {
            throw new CommandNotWrittenException(e.Error.Reason, e);
        }
        catch (KafkaException e)
        {
            throw new CommandNotWrittenException(e.Error.Reason, e);
        }
    }

    /// <summary>Produces a record that is not a command (a webhook redelivery request), keyed by instance, acks=all.</summary>
    public async Task ProduceAsync(string topic, string instance, byte[] value)
    {
        try
        {
            await _producer.ProduceAsync(topic, new Message<string, byte[]> { Key = instance, Value = value }, CancellationToken.None);
        }
        catch (KafkaException e)
        {
            throw new CommandNotWrittenException(e.Error.Reason, e);
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        _registry?.Dispose();
    }
}

/// <summary>Kafka did not acknowledge a command: the Api answers 503 and the caller retries (with the same Idempotency-Key).</summary>
public sealed class CommandNotWrittenException(string reason, Exception inner) : Exception("The command was not written to Kafka: " + reason, inner);
