using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Evostream.Contracts.Evolution.Json;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Evolution;

/// <summary>
/// Evolution's Kafka record body, <c>{event, instance, data, server_url, date_time, sender, apikey, timestamp}</c>,
/// written from and read back into an <see cref="EventEnvelope"/>. Unlike Evolution, <c>date_time</c> is real UTC.
/// </summary>
/// <remarks>
/// <c>data</c> is the proto3 JSON of the envelope's data message with default values included, so consumers see
/// fromMe:false and status:"" rather than a missing key; fields Evolution leaves out when absent are proto3
/// `optional` and are omitted when unset.
/// </remarks>
public static class EvolutionJson
{
    // Optional fields Evolution writes as null rather than leaving out: a QR requested without a phone number
    // carries `pairingCode: null`. The reader takes null back as unset.
    private static readonly ProtoJsonWriter s_data = new(FrozenSet.Create(QrCode.Descriptor.FindFieldByNumber(QrCode.PairingCodeFieldNumber)));

    // *List messages and MessagesSet travel as the bare array of their first field's items.
    private static readonly FrozenDictionary<MessageDescriptor, FieldPlan> s_listFields = EventEnvelope.Descriptor.Oneofs[0].Fields
        .Select(f => f.MessageType)
        .Where(t => t == MessagesSet.Descriptor || IsList(t))
        .Distinct()
        .ToFrozenDictionary(t => t, t => MessagePlan.For(t).Fields.Single(f => f.Field.FieldNumber == 1));

    // JSON.stringify escapes only quotes, backslashes and control characters; match it so bytes agree with Evolution's.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int MaxKeptBuffer = 64 * 1024;

    // One buffer and writer per thread, reset for each body: writing allocates only the returned array.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    /// <summary>The record value for <paramref name="envelope"/>.</summary>
    /// <param name="serverUrl">Evolution's <c>server_url</c> (SERVER_URL).</param>
    /// <param name="apiKey">The instance token when the operator opted in to exposing it; otherwise null, as Evolution's default.</param>
    public static byte[] Write(EventEnvelope envelope, string serverUrl, string? apiKey = null)
    {
        var name = EvolutionEvents.NameOf(envelope);
        var data = DataOf(envelope);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var json = t_json ??= new Utf8JsonWriter(buffer, s_writerOptions);
        // Reset also discards whatever a write that threw halfway left behind.
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        if (data is MessagesSet set)
        {
            // Evolution spreads these "extra" fields at the top of the body, before `event`.
            json.WriteBoolean("isLatest"u8, set.IsLatest);
            json.WriteNumber("progress"u8, set.Progress);
        }

        json.WriteString("event"u8, name);
        json.WriteString("instance"u8, envelope.Instance);
        json.WritePropertyName("data"u8);
        WriteData(json, data);
        json.WriteString("server_url"u8, serverUrl);
        Span<byte> dateTime = stackalloc byte[TimestampJson.JavaScriptLength];
        json.WriteString("date_time"u8, dateTime[..TimestampJson.WriteJavaScript(envelope.OccurredAt ?? new Timestamp(), dateTime)]);
        WriteNullable(json, "sender"u8, envelope.Sender);
        WriteNullable(json, "apikey"u8, apiKey);
        json.WriteNumber("timestamp"u8, EpochMillis(envelope.OccurredAt));
        json.WriteEndObject();
        json.Flush();
        var body = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxKeptBuffer)
        {
            // A body with inline media must not pin its size to the thread for good.
            t_json = null;
            t_buffer = null;
        }

        return body;
    }

    /// <summary>Reads a record value back; the event id and causation come from the record's headers.</summary>
    /// <exception cref="FormatException">The value is not an Evolution event body Evostream understands; the message says why.</exception>
    public static EventEnvelope Read(ReadOnlySpan<byte> value, string? eventId = null, string? causationId = null)
    {
        try
        {
            // One pass reads `data` as soon as it comes, the event naming its type having come before, as Evolution
            // writes them. Anything else (data first, a repeated key, data that does not fit) is read again with
            // `data` left for last, so the reasons a body is refused keep their order: its shape, then its data.
            var envelope = BodyReader.Read(value, dataInline: true) ?? BodyReader.Read(value, dataInline: false)!;
            envelope.EventId = eventId ?? "";
            envelope.CausationCommandId = causationId ?? "";
            return envelope;
        }
        catch (JsonException e)
        {
            throw new FormatException($"the body is not JSON: {e.Message}", e);
        }
    }

    /// <summary>JavaScript's <c>Date.toISOString()</c> form, always UTC: <c>2024-03-04T10:30:00.000Z</c>.</summary>
    public static string DateTimeText(Timestamp? at) => TimestampJson.JavaScriptText(at ?? new Timestamp());

    public static long EpochMillis(Timestamp? at) => at is null ? 0 : (at.Seconds * 1000) + (at.Nanos / 1_000_000);

    /// <summary>The data message of the envelope's set kind.</summary>
    public static IMessage DataOf(EventEnvelope envelope) =>
        envelope.DataCase == EventEnvelope.DataOneofCase.None
            ? throw new ArgumentException($"Event {envelope.EventId} has no data.", nameof(envelope))
            : (IMessage)EventEnvelope.Descriptor.FindFieldByNumber((int)envelope.DataCase).Accessor.GetValue(envelope);

    private static void WriteData(Utf8JsonWriter json, IMessage data)
    {
        if (ListField(data.Descriptor) is { } items)
        {
            json.WriteStartArray();
            foreach (var item in (System.Collections.IList)items.Accessor.GetValue(data))
            {
                s_data.WriteSingle(json, item, items);
            }

            json.WriteEndArray();
        }
        else
        {
            s_data.WriteMessage(json, data);
        }
    }

    /// <summary>The field whose items are <c>data</c>'s bare JSON array, for the data types that travel that way.</summary>
    internal static FieldPlan? ListField(MessageDescriptor type) => s_listFields.GetValueOrDefault(type);

    /// <summary>*List messages hold one repeated `items` field and travel as a bare JSON array.</summary>
    private static bool IsList(MessageDescriptor descriptor) =>
        descriptor.Name.EndsWith("List", StringComparison.Ordinal) && descriptor.Fields.InDeclarationOrder() is [{ Name: "items", IsRepeated: true }];

    private static void WriteNullable(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
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

    internal static Timestamp FromEpochMillis(long millis) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(millis));

    internal static bool TryParseDateTime(string? text, out Timestamp at)
    {
        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time);
        at = parsed ? Timestamp.FromDateTimeOffset(time) : new Timestamp();
        return parsed;
    }
}
