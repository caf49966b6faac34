using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>The chat commands: Evolution's /chat routes that change something.</summary>
internal static class ChatCommands
{
    private static readonly JsonFields s_lastMessage = new("key");

    public static IReadOnlyList<CommandCodec> All { get; } =
    [
        new(Case.MarkMessagesRead, new JsonFields("readMessages"),
            static (r, body, e) =>
            {
                var read = new MarkMessagesRead();
                r.Objects(body, "readMessages", MessageKeyJson.Fields, read.ReadMessages, MessageKeyJson.Read, required: true);
                e.MarkMessagesRead = read;
            },
            static (json, e) =>
            {
                json.WriteStartArray("readMessages"u8);
                foreach (var key in e.MarkMessagesRead.ReadMessages)
                {
                    MessageKeyJson.WriteValue(json, key);
                }

                json.WriteEndArray();
            }),
        // Evolution's lastMessage is {key, messageTimestamp}; Evostream needs only the key.
        new(Case.ArchiveChat, new JsonFields("lastMessage", "chat", "archive"),
            static (r, body, e) => e.ArchiveChat = new ArchiveChat
            {
                LastMessage = r.Object(body, "lastMessage", s_lastMessage,
                    // Without a key the read has failed and the envelope is dropped; the empty key only satisfies the type.
                    static (r, last) => r.Object(last, "key", MessageKeyJson.Fields, MessageKeyJson.Read, required: true) ?? new MessageKey()),
                Chat = r.String(body, "chat"),
                Archive = r.Bool(body, "archive", required: true),
            },
            static (json, e) =>
            {
                var archive = e.ArchiveChat;
                if (archive.LastMessage is { } key)
                {
                    json.WriteStartObject("lastMessage"u8);
                    MessageKeyJson.Write(json, "key"u8, key);
                    json.WriteEndObject();
                }

                json.WriteIfNotEmpty("chat"u8, archive.Chat);
                json.WriteBoolean("archive"u8, archive.Archive);
            }),
        // Evolution takes the deleted message's key spread over the body: {id, remoteJid, fromMe, participant}.
        new(Case.DeleteMessageForEveryone, MessageKeyJson.Fields,
            static (r, body, e) => e.DeleteMessageForEveryone = new DeleteMessageForEveryone { Key = MessageKeyJson.ReadFields(r, body, complete: true) },
            static (json, e) =>
            {
                if (e.DeleteMessageForEveryone.Key is { } key)
                {
                    MessageKeyJson.WriteFields(json, key);
                }
            }),
        new(Case.EditMessage, new JsonFields("number", "key", "text"),
            static (r, body, e) => e.EditMessage = new EditMessage
            {
                Number = r.String(body, "number", required: true),
                Key = r.Object(body, "key", MessageKeyJson.Fields, MessageKeyJson.Read, required: true),
                Text = r.String(body, "text", required: true),
            },
            static (json, e) =>
            {
                json.WriteString("number"u8, e.EditMessage.Number);
                MessageKeyJson.Write(json, "key"u8, e.EditMessage.Key);
                json.WriteString("text"u8, e.EditMessage.Text);
            }),
        new(Case.SendPresence, new JsonFields("number", "presence", "delay"),
            static (r, body, e) => e.SendPresence = new SendPresence
            {
                Number = r.String(body, "number", required: true),
                Presence = r.String(body, "presence", required: true),
                DelayMs = r.UInt32(body, "delay", required: true),
            },
            static (json, e) =>
            {
                json.WriteString("number"u8, e.SendPresence.Number);
                json.WriteString("presence"u8, e.SendPresence.Presence);
                json.WriteNumber("delay"u8, e.SendPresence.DelayMs);
            }),
        new(Case.CheckNumbers, new JsonFields("numbers"),
            static (r, body, e) =>
            {
                var check = new CheckNumbers();
                r.Strings(body, "numbers", check.Numbers, required: true);
                e.CheckNumbers = check;
            },
            static (json, e) => json.WriteStrings("numbers"u8, e.CheckNumbers.Numbers)),
    ];
}
