using System.Text.Json;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Commands;

/// <summary>Evolution's message key, <c>{remoteJid, fromMe, id, participant?}</c>.</summary>
internal static class MessageKeyJson
{
    public static JsonFields Fields { get; } = new("remoteJid", "fromMe", "id", "participant");

    /// <summary>The key of a message acted on (read, reacted to, edited...): Evolution requires its chat, sender and id.</summary>
    public static MessageKey Read(JsonBodyReader reader, JsonElement key) => ReadFields(reader, key, complete: true);

    /// <summary>The key of a quoted message: Evolution requires only its id.</summary>
    public static MessageKey ReadQuoted(JsonBodyReader reader, JsonElement key) => ReadFields(reader, key, complete: false);

    /// <summary>The key's properties from <paramref name="key"/>: deleteMessageForEveryone gives them at the top of its body.</summary>
    public static MessageKey ReadFields(JsonBodyReader reader, JsonElement key, bool complete)
    {
        var read = new MessageKey
        {
            RemoteJid = reader.String(key, "remoteJid", complete),
            FromMe = reader.Bool(key, "fromMe", complete),
            Id = reader.String(key, "id", required: true),
        };
        if (reader.OptionalString(key, "participant") is { } participant)
        {
            read.Participant = participant;
        }

        return read;
    }

    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> name, MessageKey? key)
    {
        if (key is not null)
        {
            json.WritePropertyName(name);
            WriteValue(json, key);
        }
    }

    public static void WriteValue(Utf8JsonWriter json, MessageKey key)
    {
        json.WriteStartObject();
        WriteFields(json, key);
        json.WriteEndObject();
    }

    /// <summary>The key's properties into the current object.</summary>
    public static void WriteFields(Utf8JsonWriter json, MessageKey key)
    {
        json.WriteString("remoteJid"u8, key.RemoteJid);
        json.WriteBoolean("fromMe"u8, key.FromMe);
        json.WriteString("id"u8, key.Id);
        if (key.HasParticipant)
        {
            json.WriteString("participant"u8, key.Participant);
        }
    }
}
