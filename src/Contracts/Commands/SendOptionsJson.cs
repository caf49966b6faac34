using System.Text.Json;
using Evostream.Contracts.V1;
using Google.Protobuf;

namespace Evostream.Contracts.Commands;

/// <summary>
/// The options every send takes, at the top of its body as in Evolution: <c>delay</c>, <c>linkPreview</c>,
/// <c>quoted</c>, <c>mentionsEveryOne</c> (or Evolution's schema alias <c>everyOne</c>), <c>mentioned</c>, and
/// Evostream's <c>sendAt</c>.
/// </summary>
internal static class SendOptionsJson
{
    public static JsonFields Fields { get; } = new("delay", "linkPreview", "quoted", "mentionsEveryOne", "everyOne", "mentioned", "sendAt");

    private static readonly JsonFields s_quoted = new("key", "message");

    // A quoted message is usually pasted from an event: a whole Baileys message, with kinds and context Evostream does
    // not model. Unlike the rest of a command it is read leniently, keeping the content Evostream can show in the quote.
    private static readonly JsonParser s_messageParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonFormatter s_messageFormatter = new(JsonFormatter.Settings.Default);

    /// <summary>The options of a send; never null, so processors need not tell "no options" from "default options".</summary>
    public static SendOptions Read(JsonBodyReader reader, JsonElement body)
    {
        var options = new SendOptions
        {
            DelayMs = reader.UInt32(body, "delay"),
            LinkPreview = reader.Bool(body, "linkPreview"),
            Quoted = reader.Object(body, "quoted", s_quoted, ReadQuoted),
            MentionsEveryone = MentionsEveryone(reader, body),
        };
        reader.Strings(body, "mentioned", options.Mentioned);
        options.SendAt = reader.Instant(body, "sendAt");
        return options;
    }

    public static void Write(Utf8JsonWriter json, SendOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (options.DelayMs != 0)
        {
            json.WriteNumber("delay"u8, options.DelayMs);
        }

        json.WriteIfTrue("linkPreview"u8, options.LinkPreview);
        if (options.Quoted is { } quoted)
        {
            json.WriteStartObject("quoted"u8);
            MessageKeyJson.Write(json, "key"u8, quoted.Key);
            if (quoted.Message is { } message)
            {
                json.WritePropertyName("message"u8);
                // The formatter pads and escapes its own way; re-emitting keeps the command compact and escaped one way.
                using var formatted = JsonDocument.Parse(s_messageFormatter.Format(message));
                formatted.RootElement.WriteTo(json);
            }

            json.WriteEndObject();
        }

        json.WriteIfTrue("mentionsEveryOne"u8, options.MentionsEveryone);
        json.WriteStringsIfAny("mentioned"u8, options.Mentioned);
        if (options.SendAt is { } sendAt)
        {
            json.WriteInstant("sendAt"u8, sendAt);
        }
    }

    private static bool MentionsEveryone(JsonBodyReader reader, JsonElement body)
    {
        var mentions = reader.OptionalBool(body, "mentionsEveryOne");
        var alias = reader.OptionalBool(body, "everyOne");
        if (mentions is { } m && alias is { } a && m != a)
        {
            reader.Fail("everyOne", "contradicts mentionsEveryOne");
        }

        return mentions ?? alias ?? false;
    }

    private static Quoted ReadQuoted(JsonBodyReader reader, JsonElement quoted) => new()
    {
        Key = reader.Object(quoted, "key", MessageKeyJson.Fields, MessageKeyJson.ReadQuoted, required: true),
        Message = ReadMessage(reader, quoted),
    };

    private static WaMessage? ReadMessage(JsonBodyReader reader, JsonElement quoted)
    {
        if (!reader.TryGet(quoted, "message", required: false, out var message))
        {
            return null;
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            reader.Fail("message", "must be an object");
            return null;
        }

        try
        {
            return s_messageParser.Parse<WaMessage>(message.GetRawText());
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            reader.Fail("message", $"is not a WhatsApp message Evostream can quote: {e.Message}");
            return null;
        }
    }
}
