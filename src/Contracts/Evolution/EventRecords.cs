using Evostream.Contracts.V1;

namespace Evostream.Contracts.Evolution;

/// <summary>Turns one event into its Evolution-compatible Kafka records: one per enabled mode, same value and headers.</summary>
public static class EventRecords
{
    public static IReadOnlyList<EventRecord> Json(EventEnvelope envelope, EventPublishing publishing, string? apiKey = null) =>
        For(envelope, publishing, EvolutionJson.Write(envelope, publishing.ServerUrl, apiKey), EvolutionHeaders.JsonContentType);

    /// <summary>Records carrying an already encoded <paramref name="value"/> (JSON, or Schema Registry wire-format Protobuf).</summary>
    public static IReadOnlyList<EventRecord> For(EventEnvelope envelope, EventPublishing publishing, byte[] value, string contentType)
    {
        if (string.IsNullOrEmpty(envelope.EventId))
        {
            throw new ArgumentException("Events need an event id: consumers deduplicate on it.", nameof(envelope));
        }

        var name = EvolutionEvents.NameOf(envelope);
        List<KeyValuePair<string, string>> headers =
        [
            new(EvolutionHeaders.Event, name),
            new(EvolutionHeaders.Instance, envelope.Instance),
            new(EvolutionHeaders.Origin, publishing.Origin),
            new(EvolutionHeaders.Timestamp, EvolutionJson.DateTimeText(envelope.OccurredAt)),
            new(EvolutionHeaders.EventId, envelope.EventId),
            new(EvolutionHeaders.ContentType, contentType),
            new(EvolutionHeaders.Schema, EventEnvelope.Descriptor.FullName),
        ];
        if (envelope.CausationCommandId.Length > 0)
        {
            headers.Add(new(EvolutionHeaders.CausationId, envelope.CausationCommandId));
        }

        var records = new List<EventRecord>(3);
        if (publishing.PerInstanceTopics)
        {
            records.Add(new EventRecord(EvolutionTopics.PerInstance(publishing.TopicPrefix, envelope.Instance, name), EvolutionTopics.PerInstanceKey(envelope.Instance), headers, value));
        }

        if (publishing.GlobalTopics)
        {
            records.Add(new EventRecord(EvolutionTopics.Global(publishing.TopicPrefix, name), EvolutionTopics.GlobalKey(envelope.Instance, name), headers, value));
        }

        if (publishing.Feed)
        {
            records.Add(new EventRecord(EvolutionTopics.Feed(publishing.TopicPrefix), EvolutionTopics.PerInstanceKey(envelope.Instance), headers, value));
        }

        return records;
    }
}
