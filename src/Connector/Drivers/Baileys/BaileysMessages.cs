using System.Globalization;
using System.Text.Json.Nodes;
using Evostream.Connector.Drivers.Simulator.Network;
using EventData = Evostream.Connector.Drivers.Simulator.Network.Events;
using Evostream.Contracts.V1;
using Google.Protobuf;

namespace Evostream.Connector.Drivers.Baileys;

/// <summary>Baileys' WAMessage JSON (as the sidecar writes it) to the contracts' Evolution-shaped records.</summary>
internal static class BaileysMessages
{
    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>WebMessageInfo.Status by number, as Evolution names them.</summary>
    private static readonly string[] s_statuses = ["ERROR", "PENDING", "SERVER_ACK", "DELIVERY_ACK", "READ", "PLAYED"];

    public static MessageKey Key(JsonNode? key)
    {
        var result = new MessageKey
        {
            RemoteJid = Text(key?["remoteJid"]) ?? "",
            FromMe = key?["fromMe"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
            Id = Text(key?["id"]) ?? "",
        };
        if (Text(key?["participant"]) is { Length: > 0 } participant)
        {
            result.Participant = participant;
        }

        return result;
    }

    /// <summary>Evolution's messageRaw for one WAMessage.</summary>
    public static MessageRecord Record(JsonObject info, string instanceId)
    {
        var message = Content(info["message"] as JsonObject);
        var record = new MessageRecord
        {
            Key = Key(info["key"]),
            PushName = Text(info["pushName"]) ?? "",
            Status = Status(info["status"]) ?? (Key(info["key"]).FromMe ? "PENDING" : "DELIVERY_ACK"),
            Message = message,
            MessageType = EventData.MessageType(message),
            MessageTimestamp = (uint)(Number(info["messageTimestamp"]) ?? 0),
            InstanceId = instanceId,
            Source = "unknown",
        };
        return record;
    }

    /// <summary>A numeric or named WebMessageInfo status as Evolution names it; null when absent.</summary>
    public static string? Status(JsonNode? status)
    {
        if (status is null)
        {
            return null;
        }

        if (Number(status) is { } n)
        {
            return n >= 0 && n < s_statuses.Length ? s_statuses[n] : null;
        }

        var name = Text(status);
        return name is not null && s_statuses.Contains(name) ? name : null;
    }

    /// <summary>
    /// The message content. Baileys' proto and the contracts' WaMessage share field names, so the JSON parses
    /// directly once bytes ({type:"Buffer"}) are plain base64; an extended text is Evolution's conversation.
    /// </summary>
    public static WaMessage Content(JsonObject? message)
    {
        if (message is null)
        {
            return new WaMessage();
        }

        if (message["extendedTextMessage"]?["text"] is { } text && message["conversation"] is null)
        {
            return new WaMessage { Conversation = Text(text) ?? "" };
        }

        var plain = Plain(message);
        try
        {
            return s_parser.Parse<WaMessage>(plain!.ToJsonString());
        }
        catch (InvalidProtocolBufferException)
        {
            // A shape the contracts do not model (yet): the record still carries the key, type and time.
            return new WaMessage();
        }
    }

    private static JsonNode? Plain(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.ToString() == "Buffer" && o["data"] is JsonValue data => JsonValue.Create(data.ToString()),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Plain(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Plain)]),
        _ => node?.DeepClone(),
    };

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>A number written as a JSON number or a string (protobuf Longs).</summary>
    public static long? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => (long)v.GetValue<double>(),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String
            && long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    /// <summary>The user JID of a device JID (<c>5511...:1@s.whatsapp.net</c> → <c>5511...@s.whatsapp.net</c>).</summary>
    public static string UserJid(string jid)
    {
        var at = jid.IndexOf('@', StringComparison.Ordinal);
        var colon = jid.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && at > colon ? jid[..colon] + jid[at..] : jid;
    }

    /// <summary>The chat JID for a recipient as the contracts carry it: a group, a JID, or a typed number.</summary>
    public static string? Recipient(string to)
    {
        var text = to.Trim();
        if (Jids.IsGroup(text) || text.EndsWith("@lid", StringComparison.Ordinal) || text.EndsWith("@broadcast", StringComparison.Ordinal))
        {
            return text;
        }

        return Jids.Number(text) is { } number ? Jids.User(number) : null;
    }
}
