using System.Text.Json;
using Evostream.Contracts.Evolution.Json;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Evolution;

/// <summary>
/// One pass of <see cref="Utf8JsonReader"/> over an Evolution event body. Where a key comes more than once the
/// last one counts; the checks run in a fixed order (the event, the instance, the time, then data) whatever order
/// the keys come in.
/// </summary>
internal static class BodyReader
{
    private const long MinMillis = -62_135_596_800_000;  // 0001-01-01T00:00:00.000Z
    private const long MaxMillis = 253_402_300_799_999;  // 9999-12-31T23:59:59.999Z

    /// <summary>
    /// The envelope; with <paramref name="dataInline"/>, null when the body must be read again without it (data came
    /// before its event or twice, or does not fit its type).
    /// </summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    /// <exception cref="FormatException">The body is JSON but not an event body Evostream understands.</exception>
    public static EventEnvelope? Read(ReadOnlySpan<byte> value, bool dataInline)
    {
        var reader = new Utf8JsonReader(value);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = KindOf(reader.TokenType);
            reader.Skip();
            throw new FormatException($"the body is a JSON {kind}, not an object.");
        }

        string? name = null, instance = null, dateTime = null;
        string sender = "";
        long? millis = null;
        bool timestampIsNumber = true, dateTimeIsText = true, isLatest = false;
        double progress = 0;
        var progressFits = true;
        var dataStart = -1;
        IMessage? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (dataInline && (dataStart >= 0 || name is null))
                {
                    return null;
                }

                dataStart = (int)reader.TokenStartIndex;
                if (dataInline)
                {
                    data = TryReadData(ref reader, name!);
                    if (data is null)
                    {
                        return null;
                    }
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            var key = Key(ref reader);
            reader.Read();
            switch (key)
            {
                case "event" when dataInline && dataStart >= 0:
                    return null;
                case "event":
                    name = NonEmptyText(ref reader, key);
                    break;
                case "instance":
                    instance = NonEmptyText(ref reader, key);
                    break;
                case "sender":
                    sender = reader.TokenType == JsonTokenType.String ? Text(ref reader, key) : "";
                    break;
                case "timestamp":
                    timestampIsNumber = reader.TokenType == JsonTokenType.Number;
                    millis = timestampIsNumber && reader.TryGetInt64(out var ms) ? ms : null;
                    break;
                case "date_time":
                    dateTimeIsText = reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
                    dateTime = reader.TokenType == JsonTokenType.String ? Text(ref reader, key) : null;
                    break;
                case "isLatest":
                    isLatest = reader.TokenType == JsonTokenType.True;
                    break;
                case "progress":
                    progressFits = reader.TokenType != JsonTokenType.Number || (reader.TryGetDouble(out progress) && double.IsFinite(progress));
                    progress = reader.TokenType == JsonTokenType.Number ? progress : 0;
                    break;
            }

            reader.Skip();
        }

        if (name is null)
        {
            throw new FormatException("the body has no 'event' string.");
        }

        if (!EvolutionEvents.TryGetKind(name, out var dataKind))
        {
            throw new FormatException($"event '{name}' is not an event Evostream knows.");
        }

        var envelope = new EventEnvelope
        {
            Event = name,
            Instance = instance ?? throw new FormatException("the body has no 'instance' string."),
            Sender = sender,
            OccurredAt = OccurredAt(millis, timestampIsNumber, dateTime, dateTimeIsText),
        };

        if (dataStart < 0)
        {
            throw new FormatException("the body has no 'data'.");
        }

        if (dataKind == EventEnvelope.DataOneofCase.MessagesSet && !progressFits)
        {
            throw new FormatException("the body's 'progress' is too large for a double.");
        }

        if (data is null)
        {
            var dataReader = new Utf8JsonReader(value[dataStart..]);
            dataReader.Read();
            data = ReadData(ref dataReader, name);
        }

        if (data is MessagesSet set)
        {
            set.IsLatest = isLatest;
            set.Progress = progress;
        }

        EventEnvelope.Descriptor.FindFieldByNumber((int)dataKind).Accessor.SetValue(envelope, data);
        return envelope;
    }

    private static IMessage? TryReadData(ref Utf8JsonReader reader, string name)
    {
        if (!EvolutionEvents.TryGetKind(name, out _))
        {
            return null;
        }

        try
        {
            return ReadData(ref reader, name);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IMessage ReadData(ref Utf8JsonReader reader, string name)
    {
        EvolutionEvents.TryGetKind(name, out var kind);
        var type = EventEnvelope.Descriptor.FindFieldByNumber((int)kind).MessageType;
        try
        {
            if (EvolutionJson.ListField(type) is { } items)
            {
                var list = MessagePlan.For(type).Create();
                ProtoJsonReader.ReadField(ref reader, list, items);
                return list;
            }

            return ProtoJsonReader.ReadMessage(ref reader, MessagePlan.For(type));
        }
        catch (ProtoJsonException e)
        {
            throw new FormatException($"'data' of {name} does not match its contract: {e.Describe("data")}.", e);
        }
    }

    private static Timestamp OccurredAt(long? millis, bool timestampIsNumber, string? dateTime, bool dateTimeIsText)
    {
        if (!timestampIsNumber)
        {
            throw new FormatException("the body's 'timestamp' is not a number.");
        }

        if (millis is { } ms)
        {
            return ms is >= MinMillis and <= MaxMillis ? EvolutionJson.FromEpochMillis(ms) : throw new FormatException("the body's 'timestamp' is outside the years 1 to 9999.");
        }

        if (!dateTimeIsText)
        {
            throw new FormatException("the body's 'date_time' is not a string.");
        }

        return EvolutionJson.TryParseDateTime(dateTime, out var at) ? at : throw new FormatException("the body has neither 'timestamp' nor 'date_time'.");
    }

    // The keys the body's reader looks at; any other is skipped.
    private static string? Key(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("event"u8) ? "event"
        : reader.ValueTextEquals("instance"u8) ? "instance"
        : reader.ValueTextEquals("timestamp"u8) ? "timestamp"
        : reader.ValueTextEquals("sender"u8) ? "sender"
        : reader.ValueTextEquals("date_time"u8) ? "date_time"
        : reader.ValueTextEquals("isLatest"u8) ? "isLatest"
        : reader.ValueTextEquals("progress"u8) ? "progress"
        : null;

    private static string? NonEmptyText(ref Utf8JsonReader reader, string key) =>
        reader.TokenType == JsonTokenType.String && Text(ref reader, key) is { Length: > 0 } text ? text : null;

    private static string Text(ref Utf8JsonReader reader, string key)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"the body's '{key}' is not valid Unicode text.", e);
        }
    }

    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "Array",
        JsonTokenType.String => "String",
        JsonTokenType.Number => "Number",
        JsonTokenType.True => "True",
        JsonTokenType.False => "False",
        _ => "Null",
    };
}
