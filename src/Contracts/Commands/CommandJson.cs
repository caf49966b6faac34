using System.Buffers;
using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Commands;

/// <summary>
/// JSON commands: the REST body of the Evolution route plus an envelope, read into and written from a
/// <see cref="CommandEnvelope"/>. For example
/// <c>{"command":"sendText","instance":"shop-1","idempotencyKey":"order-42","number":"5511999999999","text":"Hello","delay":1200}</c>.
/// </summary>
/// <remarks>
/// <para>
/// Envelope fields: <c>command</c> (required; see <see cref="CommandNames"/>), <c>instance</c> (required; createInstance
/// also takes Evolution's <c>instanceName</c>, and when both are given they must agree), <c>idempotencyKey</c>,
/// <c>commandId</c> (when absent it stays empty and the caller assigns one), <c>issuedAt</c> (an ISO-8601 instant).
/// The issuer is never read from the JSON: whoever received the command (Api, Kafka consumer) sets it.
/// </para>
/// <para>
/// Reading checks structure only: known fields (a misspelt one is an error, never ignored), JSON types, fields Evolution
/// requires, media and instants that parse. Rules about values (text length, number formats, allowed enumerations,
/// poll limits) belong to the CommandProcessor, which applies them to Protobuf commands too. JSON null counts as absent.
/// </para>
/// <para>
/// Writing gives the canonical form, compact and in a fixed property order: the envelope, then the body in Evolution's
/// order, then the send options. Fields Evolution requires are always written, optional ones only when they differ
/// from their default, and settings, webhook and kafka blocks whole. Text is escaped as <c>JSON.stringify</c> would,
/// except that characters outside the Basic Multilingual Plane become <c>\u</c> surrogate pairs. Reading canonical
/// JSON and writing it back gives the same bytes.
/// </para>
/// </remarks>
public static class CommandJson
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly FrozenDictionary<CommandEnvelope.CommandOneofCase, CommandCodec> s_codecs =
        InstanceCommands.All.Concat(SendCommands.All).Concat(TemplateCommands.All).Concat(ChatCommands.All).Concat(GroupCommands.All).Concat(ConfigCommands.All)
            .Concat(TemplateCommands.Management).Concat(TransportCommands.All)
            .ToFrozenDictionary(c => c.Kind);

    private static readonly string s_allNames = string.Join(", ", CommandNames.All);

    private const int ReusedBufferLimit = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Reads a JSON command; never throws on what the JSON holds.</summary>
    /// <param name="json">UTF-8 JSON, such as a Kafka record's value; it is read in place, not copied.</param>
    public static CommandReadResult Read(ReadOnlyMemory<byte> json)
    {
        // The parser checks UTF-8 only when a string is read, and then throws: check it all first, which is cheap.
        if (!Utf8.IsValid(json.Span))
        {
            return CommandReadResult.Invalid(new CommandJsonError("", "is not valid UTF-8"), default);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return CommandReadResult.Invalid(new CommandJsonError("", $"is not valid JSON: {e.Message}"), default);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <summary>The canonical JSON of <paramref name="envelope"/>.</summary>
    /// <exception cref="ArgumentException">The envelope holds no command.</exception>
    public static byte[] Write(CommandEnvelope envelope)
    {
        // One buffer and writer per thread: the only allocation left per command is the returned array.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var json = t_writer ??= new Utf8JsonWriter(buffer, s_writerOptions);
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        Write(envelope, json);
        var written = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > ReusedBufferLimit)
        {
            // A command with inline media grew it: do not keep megabytes per thread for the next small one.
            (t_buffer, t_writer) = (null, null);
        }

        return written;
    }

    /// <summary>Writes the canonical JSON of <paramref name="envelope"/> to <paramref name="output"/>, such as a pooled buffer.</summary>
    /// <exception cref="ArgumentException">The envelope holds no command.</exception>
    public static void Write(CommandEnvelope envelope, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, s_writerOptions);
        Write(envelope, json);
    }

    private static void Write(CommandEnvelope envelope, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!s_codecs.TryGetValue(envelope.CommandCase, out var codec))
        {
            throw new ArgumentException($"Command {envelope.CommandId} holds no command.", nameof(envelope));
        }

        json.WriteStartObject();
        json.WriteString("command"u8, codec.Name);
        json.WriteString("instance"u8, envelope.Instance);
        json.WriteIfNotEmpty("idempotencyKey"u8, envelope.IdempotencyKey);
        json.WriteIfNotEmpty("commandId"u8, envelope.CommandId);
        if (envelope.IssuedAt is { } issuedAt)
        {
            json.WriteInstant("issuedAt"u8, issuedAt);
        }

        codec.Write(json, envelope);
        json.WriteEndObject();
        json.Flush();
    }

    private static CommandReadResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return CommandReadResult.Invalid(new CommandJsonError("", $"must be a JSON object, not {Describe(root.ValueKind)}"), default);
        }

        if (!root.TryGetProperty("command"u8, out var command) || command.ValueKind == JsonValueKind.Null)
        {
            return CommandReadResult.Invalid(new CommandJsonError("command", "is required"), Header(root));
        }

        if (command.ValueKind != JsonValueKind.String)
        {
            return CommandReadResult.Invalid(new CommandJsonError("command", "must be a string"), Header(root));
        }

        var name = command.GetString()!;
        if (!CommandNames.TryGetKind(name, out var kind))
        {
            return CommandReadResult.Invalid(new CommandJsonError("command", $"'{name}' is not a command; the commands are {s_allNames}"), Header(root));
        }

        var codec = s_codecs[kind];
        var reader = new JsonBodyReader(codec.Name);
        reader.CheckFields(root, codec.Fields);
        var envelope = new CommandEnvelope
        {
            Instance = reader.String(root, "instance"),
            IdempotencyKey = reader.String(root, "idempotencyKey"),
            CommandId = reader.String(root, "commandId"),
            IssuedAt = reader.Instant(root, "issuedAt"),
        };
        if (envelope.Instance.Length == 0 && kind != CommandEnvelope.CommandOneofCase.CreateInstance)
        {
            reader.Fail("instance", "is required");
        }

        codec.Read(reader, root, envelope);
        return reader.Error is { } error ? CommandReadResult.Invalid(error, Header(root)) : CommandReadResult.Valid(envelope, codec.Name);
    }

    // Read again, leniently, only for a rejection: it should carry whatever ids the command gave, valid or not.
    private static CommandHeader Header(JsonElement root)
    {
        var instance = StringOrEmpty(root, "instance"u8);
        return new CommandHeader(
            StringOrEmpty(root, "command"u8),
            instance.Length > 0 ? instance : StringOrEmpty(root, "instanceName"u8),
            StringOrEmpty(root, "idempotencyKey"u8),
            StringOrEmpty(root, "commandId"u8));
    }

    private static string StringOrEmpty(JsonElement root, ReadOnlySpan<byte> name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
