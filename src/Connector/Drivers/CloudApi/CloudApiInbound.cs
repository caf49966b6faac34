using System.Globalization;
using System.Text.Json;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.CloudApi;

/// <summary>
/// Meta's webhook items (whatsapp-transports.md §A3) as Evolution's events: an inbound message becomes
/// messages.upsert; a status becomes messages.update (sent SERVER_ACK, delivered DELIVERY_ACK, read READ,
/// played PLAYED, failed ERROR with Meta's reason). The Api has checked the shape before writing the item.
/// </summary>
public static class CloudApiInbound
{
    /// <returns>The event's name and data, or the reason the item cannot be one.</returns>
    public static (string? Name, Action<EventEnvelope>? Data, string? Error) Map(MetaWebhookItem item, string instanceId, Uri graphRoot, string version)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var document = JsonDocument.Parse(item.ItemJson);
        var json = document.RootElement;
        return item.Kind switch
        {
            "message" => Message(json, item.ContactName, instanceId, graphRoot, version),
            "status" => Status(json, instanceId),
            _ => (null, null, $"kind '{item.Kind}' is not message or status"),
        };
    }

    private static (string?, Action<EventEnvelope>?, string?) Message(JsonElement json, string contactName, string instanceId, Uri graphRoot, string version)
    {
        var from = Text(json, "from");
        var type = Text(json, "type");
        var message = new WaMessage();
        switch (type)
        {
            case "text":
                message.Conversation = Text(json, "text", "body");
                break;
            case "image" or "video" or "audio" or "document" or "sticker":
                var media = Media(json.GetProperty(type), graphRoot, version);
                _ = type switch
                {
                    "image" => message.ImageMessage = media,
                    "video" => message.VideoMessage = media,
                    "audio" => message.AudioMessage = media,
                    "document" => message.DocumentMessage = media,
                    _ => message.StickerMessage = media,
                };
                break;
            case "location":
                var location = json.GetProperty("location");
                message.LocationMessage = new LocationMessage
                {
                    DegreesLatitude = Number(location, "latitude"),
                    DegreesLongitude = Number(location, "longitude"),
                    Name = Text(location, "name"),
                    Address = Text(location, "address"),
                };
                break;
            case "contacts":
                var cards = json.GetProperty("contacts").EnumerateArray().Select(Card).ToList();
                if (cards.Count == 1)
                {
                    message.ContactMessage = cards[0];
                }
                else
                {
                    message.ContactsArrayMessage = new ContactsArrayMessage { DisplayName = $"{cards.Count} contacts", Contacts = { cards } };
                }

                break;
            case "reaction":
                message.ReactionMessage = new ReactionMessage
                {
                    Key = new MessageKey { RemoteJid = Jid(from), FromMe = true, Id = Text(json, "reaction", "message_id") },
                    Text = Text(json, "reaction", "emoji"),
                };
                break;
            case "interactive":
                // A reply to our list or buttons: the chosen row's or button's title is what the contact "said".
                var interactive = json.GetProperty("interactive");
                var reply = Text(interactive, "type") == "list_reply" ? "list_reply" : "button_reply";
                message.Conversation = Text(interactive, reply, "title");
                break;
            case "button":
                message.Conversation = Text(json, "button", "text");
                break;
            default:
                return (null, null, $"message type '{type}' is not one Evostream maps (text, image, video, audio, document, sticker, location, contacts, reaction, interactive, button)");
        }

        var record = new MessageRecord
        {
            Key = new MessageKey { RemoteJid = Jid(from), FromMe = false, Id = Text(json, "id") },
            PushName = contactName.Length > 0 ? contactName : from,
            Status = "DELIVERY_ACK",
            Message = message,
            MessageType = Simulator.Network.Events.MessageType(message),
            MessageTimestamp = uint.TryParse(Text(json, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : 0,
            InstanceId = instanceId,
            Source = "unknown",
        };
        if (json.TryGetProperty("context", out var context) && Text(context, "id") is { Length: > 0 } quoted)
        {
            record.ContextInfo = new ContextInfo { StanzaId = quoted, Participant = Text(context, "from") is { Length: > 0 } by ? Jid(by) : "" };
        }

        return ("messages.upsert", e => e.MessagesUpsert = record, null);
    }

    private static (string?, Action<EventEnvelope>?, string?) Status(JsonElement json, string instanceId)
    {
        var status = Text(json, "status") switch
        {
            "sent" => "SERVER_ACK",
            "delivered" => "DELIVERY_ACK",
            "read" => "READ",
            "played" => "PLAYED",
            "failed" => "ERROR",
            _ => null,
        };
        if (status is null)
        {
            return (null, null, $"status '{Text(json, "status")}' is not sent, delivered, read, played or failed");
        }

        var id = Text(json, "id");
        var update = new MessageUpdate
        {
            KeyId = id,
            RemoteJid = Jid(Text(json, "recipient_id")),
            FromMe = true,
            Status = status,
            InstanceId = instanceId,
            MessageId = id,
        };
        if (status == "ERROR")
        {
            update.Error = Reason(json);
        }

        return ("messages.update", e => e.MessagesUpdate = update, null);
    }

    /// <summary>"131047 Re-engagement message: details", from the status's errors[].</summary>
    private static string Reason(JsonElement json)
    {
        if (!json.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
        {
            return "Meta reported the message as failed without a reason";
        }

        return string.Join("; ", errors.EnumerateArray().Select(e =>
        {
            var code = e.TryGetProperty("code", out var c) ? c.ToString() : "?";
            var details = Text(e, "error_data", "details");
            var title = Text(e, "title") is { Length: > 0 } t ? t : Text(e, "message");
            return details.Length > 0 ? $"{code} {title}: {details}" : $"{code} {title}";
        }));
    }

    private static MediaMessage Media(JsonElement media, Uri graphRoot, string version)
    {
        // Meta sends a media id, not a URL: this is the Graph call that gives the (short-lived) download URL.
        var result = new MediaMessage { Url = new Uri(graphRoot, $"{version}/{Uri.EscapeDataString(Text(media, "id"))}").AbsoluteUri, Mimetype = Text(media, "mime_type") };
        if (Text(media, "caption") is { Length: > 0 } caption)
        {
            result.Caption = caption;
        }

        if (Text(media, "filename") is { Length: > 0 } name)
        {
            result.FileName = name;
        }

        if (Text(media, "sha256") is { Length: > 0 } sha)
        {
            result.FileSha256 = sha;
        }

        if (media.TryGetProperty("voice", out var voice) && voice.ValueKind == JsonValueKind.True)
        {
            result.Ptt = true;
        }

        return result;
    }

    private static ContactMessage Card(JsonElement card)
    {
        var name = Text(card, "name", "formatted_name");
        var vcard = new System.Text.StringBuilder("BEGIN:VCARD\nVERSION:3.0\nFN:").Append(name).Append('\n');
        if (card.TryGetProperty("phones", out var phones) && phones.ValueKind == JsonValueKind.Array)
        {
            foreach (var phone in phones.EnumerateArray())
            {
                var waId = Text(phone, "wa_id");
                vcard.Append("TEL").Append(waId.Length > 0 ? ";waid=" + waId : "").Append(':').Append(Text(phone, "phone")).Append('\n');
            }
        }

        return new ContactMessage { DisplayName = name, Vcard = vcard.Append("END:VCARD").ToString() };
    }

    private static string Jid(string number) => number + "@s.whatsapp.net";

    private static double Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && (value.ValueKind == JsonValueKind.Number ? value.TryGetDouble(out var d) : double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) ? d : 0;

    private static string Text(JsonElement json, params string[] path)
    {
        var current = json;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return "";
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString()! : current.ValueKind is JsonValueKind.Number ? current.GetRawText() : "";
    }
}
