using System.Diagnostics.CodeAnalysis;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;

namespace Evostream.Contracts.Evolution;

/// <summary>An event record read: either its <see cref="Envelope"/> or the <see cref="Error"/> that says why it could not be.</summary>
public sealed class EventReadResult
{
    private EventReadResult(EventEnvelope? envelope, string? error)
    {
        Envelope = envelope;
        Error = error;
    }

    public EventEnvelope? Envelope { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Envelope))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Envelope is not null;

    internal static EventReadResult Valid(EventEnvelope envelope) => new(envelope, null);

    internal static EventReadResult Invalid(string error) => new(null, error);
}

/// <summary>
/// Reads a record from an event topic, in either form a producer may have chosen: Evolution's JSON body (event id and
/// causation then come from the headers) or an <see cref="EventEnvelope"/> in the Confluent wire format. The
/// <c>content-type</c> header decides when present; otherwise the first byte does. Bad input becomes an invalid
/// result naming the problem, never an exception; only infrastructure failures (an unreachable Schema Registry) throw.
/// </summary>
public sealed class EventRecordReader(ProtobufWireDeserializer<EventEnvelope> protobuf)
{
    public async ValueTask<EventReadResult> ReadAsync(ReadOnlyMemory<byte> value, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var eventId = Header(headers, EvolutionHeaders.EventId);
        var causation = Header(headers, EvolutionHeaders.CausationId);
        try
        {
            var envelope = FormatOf(value.Span, Header(headers, EvolutionHeaders.ContentType)) == RecordFormat.Json
                ? EvolutionJson.Read(value.Span, eventId, causation)
                : await ReadProtobufAsync(value, eventId, causation, ct);
            return Check(envelope);
        }
        catch (WireFormatException e)
        {
            return EventReadResult.Invalid("is not a readable record: " + e.Message);
        }
        catch (FormatException e)
        {
            return EventReadResult.Invalid("is not an Evolution event body: " + e.Message);
        }
    }

    private static RecordFormat FormatOf(ReadOnlySpan<byte> value, string? contentType) => contentType switch
    {
        EvolutionHeaders.JsonContentType => RecordFormat.Json,
        EvolutionHeaders.ProtobufContentType => RecordFormat.Protobuf,
        _ => RecordFormats.Detect(value),
    };

    private async ValueTask<EventEnvelope> ReadProtobufAsync(ReadOnlyMemory<byte> value, string? eventId, string? causation, CancellationToken ct)
    {
        var envelope = await protobuf.DeserializeAsync(value, ct);

        // The envelope carries its own ids; headers only fill what a foreign producer left out.
        if (envelope.EventId.Length == 0 && eventId is not null)
        {
            envelope.EventId = eventId;
        }

        if (envelope.CausationCommandId.Length == 0 && causation is not null)
        {
            envelope.CausationCommandId = causation;
        }

        if (envelope.DataCase != EventEnvelope.DataOneofCase.None)
        {
            envelope.Event = EvolutionEvents.NameOf(envelope.DataCase);
        }

        return envelope;
    }

    private static EventReadResult Check(EventEnvelope envelope)
    {
        if (envelope.DataCase == EventEnvelope.DataOneofCase.None)
        {
            return EventReadResult.Invalid("has no data: the envelope sets none of the event kinds");
        }

        return envelope.Instance.Length == 0
            ? EventReadResult.Invalid("names no instance ('instance' is empty)")
            : EventReadResult.Valid(envelope);
    }

    private static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        // The last value wins, as Kafka clients read a repeated header.
        string? found = null;
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                found = value;
            }
        }

        return found;
    }
}
