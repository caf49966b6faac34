using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

using Evostream.Contracts.Evolution;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// The oracle for <see cref="EvolutionJson"/>: the algorithm it replaced, kept only here. It formats data with
/// Google.Protobuf's JsonFormatter and re-emits it through System.Text.Json, and reads data back through JsonParser:
/// slow, but built on the reference implementation of proto3 JSON, so the fast codec must agree with it byte for byte.
/// </summary>
public static class LegacyEvolutionJson
{
    // Every non-optional field is written, so consumers see fromMe:false and status:"" rather than a missing key;
    // fields Evolution leaves out when absent are proto3 `optional` and are omitted when unset.
    private static readonly JsonFormatter s_formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    // Optional fields Evolution writes as null rather than leaving out: a QR requested without a phone number
    // carries `pairingCode: null`. The reader takes null back as unset.
    private static readonly FrozenSet<FieldDescriptor> s_nullWhenUnset = [QrCode.Descriptor.FindFieldByNumber(QrCode.PairingCodeFieldNumber)];

    // JSON.stringify escapes only quotes, backslashes and control characters; match it so bytes agree with Evolution's.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record value for <paramref name="envelope"/>.</summary>
    /// <param name="serverUrl">Evolution's <c>server_url</c> (SERVER_URL).</param>
    /// <param name="apiKey">The instance token when the operator opted in to exposing it; otherwise null, as Evolution's default.</param>
    public static byte[] Write(EventEnvelope envelope, string serverUrl, string? apiKey = null)
    {
        var name = EvolutionEvents.NameOf(envelope);
        var data = DataOf(envelope);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            json.WriteStartObject();
            if (data is MessagesSet set)
            {
                // Evolution spreads these "extra" fields at the top of the body, before `event`.
                json.WriteBoolean("isLatest", set.IsLatest);
                json.WriteNumber("progress", set.Progress);
            }

            json.WriteString("event", name);
            json.WriteString("instance", envelope.Instance);
            json.WritePropertyName("data");
            WriteData(json, data);
            json.WriteString("server_url", serverUrl);
            json.WriteString("date_time", DateTimeText(envelope.OccurredAt));
            WriteNullable(json, "sender", envelope.Sender);
            WriteNullable(json, "apikey", apiKey);
            json.WriteNumber("timestamp", EpochMillis(envelope.OccurredAt));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a record value back; the event id and causation come from the record's headers.</summary>
    /// <exception cref="FormatException">The value is not an Evolution event body Evostream understands; the message says why.</exception>
    public static EventEnvelope Read(ReadOnlySpan<byte> value, string? eventId = null, string? causationId = null)
    {
        using var document = Parse(value);
        var root = document.RootElement;
        var name = RequiredString(root, "event");
        if (!EvolutionEvents.TryGetKind(name, out var kind))
        {
            throw new FormatException($"event '{name}' is not an event Evostream knows.");
        }

        var envelope = new EventEnvelope
        {
            Event = name,
            Instance = RequiredString(root, "instance"),
            EventId = eventId ?? "",
            CausationCommandId = causationId ?? "",
            Sender = root.TryGetProperty("sender", out var sender) && sender.ValueKind == JsonValueKind.String ? sender.GetString()! : "",
            OccurredAt = OccurredAt(root),
        };

        if (!root.TryGetProperty("data", out var data))
        {
            throw new FormatException("the body has no 'data'.");
        }

        var field = EventEnvelope.Descriptor.FindFieldByNumber((int)kind);
        var dataJson = IsList(field.MessageType) ? $"{{\"items\":{data.GetRawText()}}}"
            : kind == EventEnvelope.DataOneofCase.MessagesSet ? MessagesSetJson(root, data)
            : data.GetRawText();
        try
        {
            field.Accessor.SetValue(envelope, s_parser.Parse(dataJson, field.MessageType));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"'data' of {name} does not match its contract: {e.Message}", e);
        }

        return envelope;
    }

    private static string DateTimeText(Timestamp? at) =>
        (at ?? new Timestamp()).ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static long EpochMillis(Timestamp? at) => at is null ? 0 : (at.Seconds * 1000) + (at.Nanos / 1_000_000);

    private static IMessage DataOf(EventEnvelope envelope) => EvolutionJson.DataOf(envelope);

    private static void WriteData(Utf8JsonWriter json, IMessage data)
    {
        if (data is MessagesSet set)
        {
            json.WriteStartArray();
            foreach (var message in set.Messages)
            {
                WriteMessage(json, message);
            }

            json.WriteEndArray();
        }
        else if (IsList(data.Descriptor))
        {
            json.WriteStartArray();
            foreach (var item in (System.Collections.IList)data.Descriptor.Fields.InDeclarationOrder()[0].Accessor.GetValue(data))
            {
                if (item is IMessage message)
                {
                    WriteMessage(json, message);
                }
                else
                {
                    json.WriteStringValue((string)item);
                }
            }

            json.WriteEndArray();
        }
        else
        {
            WriteMessage(json, data);
        }
    }

    // JsonFormatter pads its output with spaces and has its own escaping; re-emitting it gives compact JSON
    // escaped the one way the rest of the body is, and lets values take the form JavaScript gives them.
    private static void WriteMessage(Utf8JsonWriter json, IMessage message)
    {
        using var formatted = JsonDocument.Parse(s_formatter.Format(message));
        WriteValue(json, formatted.RootElement, message.Descriptor);
    }

    /// <summary>Re-emits the formatter's JSON of a value whose message type, if any, is <paramref name="type"/>.</summary>
    private static void WriteValue(Utf8JsonWriter json, JsonElement value, MessageDescriptor? type)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when type == Timestamp.Descriptor:
                // Evolution passes Dates through JSON.stringify, which always writes milliseconds (a call at
                // 10:29:58 is "...:58.000Z"); proto3 JSON leaves a zero fraction out.
                json.WriteStringValue(DateTimeText(Timestamp.Parser.ParseJson(value.GetRawText())));
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(json, item, type);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.Object when type is not null:
                WriteObject(json, value, type);
                break;
            default:
                value.WriteTo(json);
                break;
        }
    }

    // In field-number order, the formatter's own.
    private static void WriteObject(Utf8JsonWriter json, JsonElement value, MessageDescriptor type)
    {
        json.WriteStartObject();
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (!value.TryGetProperty(field.JsonName, out var fieldValue))
            {
                if (s_nullWhenUnset.Contains(field))
                {
                    json.WriteNull(field.JsonName);
                }

                continue;
            }

            json.WritePropertyName(field.JsonName);
            if (field.IsMap)
            {
                var valueType = MessageTypeOf(field.MessageType.FindFieldByNumber(2));
                json.WriteStartObject();
                foreach (var entry in fieldValue.EnumerateObject())
                {
                    json.WritePropertyName(entry.Name);
                    WriteValue(json, entry.Value, valueType);
                }

                json.WriteEndObject();
            }
            else
            {
                WriteValue(json, fieldValue, MessageTypeOf(field));
            }
        }

        json.WriteEndObject();
    }

    private static MessageDescriptor? MessageTypeOf(FieldDescriptor field) => field.FieldType == FieldType.Message ? field.MessageType : null;

    /// <summary>*List messages hold one repeated `items` field and travel as a bare JSON array.</summary>
    private static bool IsList(MessageDescriptor descriptor) =>
        descriptor.Name.EndsWith("List", StringComparison.Ordinal) && descriptor.Fields.InDeclarationOrder() is [{ Name: "items", IsRepeated: true }];

    private static string MessagesSetJson(JsonElement root, JsonElement data)
    {
        var isLatest = root.TryGetProperty("isLatest", out var latest) && latest.ValueKind == JsonValueKind.True;
        var progress = root.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : 0;
        return $"{{\"messages\":{data.GetRawText()},\"isLatest\":{(isLatest ? "true" : "false")},\"progress\":{progress.ToString("R", CultureInfo.InvariantCulture)}}}";
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        try
        {
            var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document
                : throw new FormatException($"the body is a JSON {document.RootElement.ValueKind}, not an object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the body is not JSON: {e.Message}", e);
        }
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"the body has no '{name}' string.");

    private static Timestamp OccurredAt(JsonElement root)
    {
        if (root.TryGetProperty("timestamp", out var ms) && ms.TryGetInt64(out var millis))
        {
            return Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(millis));
        }

        if (root.TryGetProperty("date_time", out var text) && DateTimeOffset.TryParse(text.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return Timestamp.FromDateTimeOffset(at);
        }

        throw new FormatException("the body has neither 'timestamp' nor 'date_time'.");
    }
}
