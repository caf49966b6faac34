using System.Text.Json.Nodes;
using Evostream.Connector.Drivers.Simulator.Execution;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Kind = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Connector.Drivers.Baileys;

/// <summary>A send as Baileys' sendMessage takes it: the recipient as typed, the content, and the options.</summary>
/// <param name="To">The recipient as the command typed it.</param>
/// <param name="ToField">The command field naming the recipient, for errors.</param>
/// <param name="Content">Baileys' AnyMessageContent; bytes as {"$base64": ...} (PROTOCOL.md).</param>
internal sealed record BaileysContent(string To, string ToField, JsonObject Content, SendOptions? Options)
{
    /// <summary>The Baileys content of a send command; null for a command this transport does not send (yet).</summary>
    public static BaileysContent? From(CommandEnvelope command) => command.CommandCase switch
    {
        Kind.SendText => new(command.SendText.Number, "number", new JsonObject { ["text"] = command.SendText.Text }, command.SendText.Options),
        Kind.SendMedia => Media(command.SendMedia),
        Kind.SendWhatsappAudio => new(command.SendWhatsappAudio.Number, "number", new JsonObject
        {
            ["audio"] = Source(command.SendWhatsappAudio.Url, command.SendWhatsappAudio.Data),
            ["mimetype"] = "audio/ogg; codecs=opus",
            ["ptt"] = true,
        }, command.SendWhatsappAudio.Options),
        Kind.SendSticker => new(command.SendSticker.Number, "number", new JsonObject
        {
            ["sticker"] = Source(command.SendSticker.Url, command.SendSticker.Data),
        }, command.SendSticker.Options),
        Kind.SendLocation => new(command.SendLocation.Number, "number", new JsonObject
        {
            ["location"] = new JsonObject
            {
                ["degreesLatitude"] = command.SendLocation.Latitude,
                ["degreesLongitude"] = command.SendLocation.Longitude,
                ["name"] = command.SendLocation.Name,
                ["address"] = command.SendLocation.Address,
            },
        }, command.SendLocation.Options),
        Kind.SendContact => Contacts(command),
        Kind.SendReaction => new(command.SendReaction.Key?.RemoteJid ?? "", "key.remoteJid", new JsonObject
        {
            ["react"] = new JsonObject { ["text"] = command.SendReaction.Reaction, ["key"] = Key(command.SendReaction.Key) },
        }, null),
        Kind.EditMessage => new(command.EditMessage.Key?.RemoteJid is { Length: > 0 } chat ? chat : command.EditMessage.Number, "key.remoteJid", new JsonObject
        {
            ["text"] = command.EditMessage.Text,
            ["edit"] = Key(command.EditMessage.Key),
        }, null),
        Kind.DeleteMessageForEveryone => new(command.DeleteMessageForEveryone.Key?.RemoteJid ?? "", "key.remoteJid", new JsonObject
        {
            ["delete"] = Key(command.DeleteMessageForEveryone.Key),
        }, null),
        _ => null,
    };

    private static BaileysContent Media(SendMedia send)
    {
        var kind = send.Mediatype is "image" or "video" or "audio" ? send.Mediatype : "document";
        var content = new JsonObject { [kind] = Source(send.Url, send.Data) };
        if (send.Mimetype.Length > 0)
        {
            content["mimetype"] = send.Mimetype;
        }
        else if (kind == "document")
        {
            content["mimetype"] = "application/octet-stream";
        }

        if (send.Caption.Length > 0 && kind != "audio")
        {
            content["caption"] = send.Caption;
        }

        if (send.FileName.Length > 0)
        {
            content["fileName"] = send.FileName;
        }

        return new(send.Number, "number", content, send.Options);
    }

    /// <summary>Media by URL (Baileys fetches it) or inline bytes.</summary>
    private static JsonObject Source(string url, ByteString data) =>
        url.Length > 0 ? new JsonObject { ["url"] = url } : new JsonObject { ["$base64"] = data.ToBase64() };

    // The vCards are the simulator's: one way to write a contact card.
    private static BaileysContent Contacts(CommandEnvelope command)
    {
        var message = OutboundContent.From(command)!.Message;
        var cards = message.ContentCase == WaMessage.ContentOneofCase.ContactMessage ? [message.ContactMessage] : message.ContactsArrayMessage.Contacts.ToList();
        var list = new JsonArray([.. cards.Select(c => (JsonNode)new JsonObject { ["displayName"] = c.DisplayName, ["vcard"] = c.Vcard })]);
        return new(command.SendContact.Number, "number", new JsonObject
        {
            ["contacts"] = new JsonObject { ["displayName"] = cards.Count == 1 ? cards[0].DisplayName : $"{cards.Count} contacts", ["contacts"] = list },
        }, command.SendContact.Options);
    }

    public static JsonObject Key(MessageKey? key)
    {
        var json = new JsonObject { ["remoteJid"] = key?.RemoteJid ?? "", ["fromMe"] = key?.FromMe ?? false, ["id"] = key?.Id ?? "" };
        if (key is { HasParticipant: true })
        {
            json["participant"] = key.Participant;
        }

        return json;
    }

    /// <summary>Baileys' quoted option: a WAMessage with the key and content (as JSON the proto reads).</summary>
    public static JsonObject? Quoted(SendOptions? options)
    {
        if (options?.Quoted is not { Key: { } key } quoted)
        {
            return null;
        }

        var message = quoted.Message is null ? new JsonObject() : JsonNode.Parse(JsonFormatter.Default.Format(quoted.Message)) as JsonObject ?? [];
        return new JsonObject { ["key"] = Key(key), ["message"] = message };
    }
}
