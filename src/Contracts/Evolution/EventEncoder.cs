using Confluent.SchemaRegistry;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;

namespace Evostream.Contracts.Evolution;

/// <summary>
/// Encodes events in the configured record format: Evolution's JSON by default, or Protobuf in the Schema Registry
/// wire format. Headers, topics and keys are the same either way; only the value and its content-type differ.
/// </summary>
public sealed class EventEncoder
{
    private readonly ProtobufWireSerializer<EventEnvelope>? _protobuf;

    private EventEncoder(RecordFormat format, ProtobufWireSerializer<EventEnvelope>? protobuf)
    {
        Format = format;
        _protobuf = protobuf;
    }

    public RecordFormat Format { get; }

    public static EventEncoder Json() => new(RecordFormat.Json, null);

    public static EventEncoder Protobuf(ISchemaRegistryClient registry) => new(RecordFormat.Protobuf, new ProtobufWireSerializer<EventEnvelope>(registry));

    /// <param name="apiKey">The instance token, only when the operator opted in to exposing it in JSON bodies.</param>
    public async ValueTask<IReadOnlyList<EventRecord>> EncodeAsync(EventEnvelope envelope, EventPublishing publishing, string? apiKey = null, CancellationToken ct = default)
    {
        if (_protobuf is null)
        {
            return EventRecords.Json(envelope, publishing, apiKey);
        }

        envelope.Event = EvolutionEvents.NameOf(envelope.DataCase);
        var records = EventRecords.For(envelope, publishing, [], EvolutionHeaders.ProtobufContentType);
        var encoded = new EventRecord[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            // Subjects follow the topic (TopicNameStrategy); the registry gives the same schema the same id everywhere.
            encoded[i] = records[i] with { Value = await _protobuf.SerializeAsync(envelope, records[i].Topic, isKey: false, ct) };
        }

        return encoded;
    }
}
