using System.Globalization;
using System.Text.Json.Nodes;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Kind = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Connector.Drivers.CloudApi;

/// <summary>One send as the Graph API takes it: the body for /messages, the recipient's digits, or why it cannot go.</summary>
/// <param name="Upload">Media given as bytes: uploaded to /{phone-number-id}/media first, its id then set on <see cref="GraphUpload.Media"/>.</param>
public sealed record GraphSend(JsonObject? Body, string To, string? Error, string? Field = null, GraphUpload? Upload = null);

/// <summary>Bytes for /{phone-number-id}/media, and the media object of the message body that takes the id Meta answers.</summary>
public sealed record GraphUpload(ByteString Data, string MimeType, string FileName, JsonObject Media);

/// <summary>Evostream's send commands as Graph API message bodies (whatsapp-transports.md §A1).</summary>
public static class GraphRequests
{
    /// <param name="templateLanguage">WA_BUSINESS_LANGUAGE: a template's language when the send names none.</param>
    public static GraphSend Build(CommandEnvelope command, string templateLanguage)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.CommandCase switch
        {
            Kind.SendText => Message(command.SendText.Number, "text", new JsonObject
            {
                ["body"] = command.SendText.Text,
                ["preview_url"] = command.SendText.Options?.LinkPreview ?? false,
            }, command.SendText.Options),
            Kind.SendMedia => Media(command.SendMedia),
            Kind.SendWhatsappAudio => Linked(command.SendWhatsappAudio.Number, "audio", command.SendWhatsappAudio.Url, command.SendWhatsappAudio.Data, "audio", "audio/ogg", null, null, command.SendWhatsappAudio.Options),
            Kind.SendSticker => Linked(command.SendSticker.Number, "sticker", command.SendSticker.Url, command.SendSticker.Data, "sticker", "image/webp", null, null, command.SendSticker.Options),
            Kind.SendLocation => Message(command.SendLocation.Number, "location", Location(command.SendLocation), command.SendLocation.Options),
            Kind.SendContact => Contacts(command.SendContact),
            Kind.SendReaction => Message(command.SendReaction.Key?.RemoteJid ?? "", "reaction", new JsonObject
            {
                ["message_id"] = command.SendReaction.Key?.Id ?? "",
                ["emoji"] = command.SendReaction.Reaction,
            }, null, "key.remoteJid"),
            Kind.SendList => Message(command.SendList.Number, "interactive", List(command.SendList), command.SendList.Options),
            Kind.SendButtons => Buttons(command.SendButtons),
            Kind.SendTemplate => Template(command.SendTemplate, templateLanguage),
            _ => new GraphSend(null, "", $"{command.CommandCase} is not a send"),
        };
    }

    /// <summary>
    /// A new template of the WABA, as /{business-id}/message_templates takes it:
    /// <c>{"name","category","allow_category_change","language","components"}</c>.
    /// </summary>
    public static JsonObject CreateTemplate(CreateTemplate create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new JsonObject
        {
            ["name"] = create.Name,
            ["category"] = create.Category,
            ["allow_category_change"] = create.AllowCategoryChange,
            ["language"] = create.Language,
            ["components"] = JsonNode.Parse(create.ComponentsJson),
        };
    }

    /// <summary>Mark as read: <c>{"messaging_product":"whatsapp","status":"read","message_id":"wamid..."}</c>.</summary>
    public static JsonObject Read(string messageId) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["status"] = "read",
        ["message_id"] = messageId,
    };

    /// <summary>The digits the Graph API takes in <c>to</c>, from a number or a user JID; null for groups and other JIDs.</summary>
    public static string? Digits(string number)
    {
        var at = number.IndexOf('@', StringComparison.Ordinal);
        var user = at < 0 ? number : number.EndsWith("@s.whatsapp.net", StringComparison.Ordinal) ? number[..at] : null;
        var digits = user?.TrimStart('+');
        return digits is { Length: > 0 } && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private static GraphSend Message(string number, string type, JsonNode payload, SendOptions? options, string field = "number")
    {
        if (Digits(number) is not { } to)
        {
            return new GraphSend(null, "", number.EndsWith("@g.us", StringComparison.Ordinal)
                ? "the cloud-api transport cannot send to groups (the Cloud API has no group messaging here)"
                : $"'{number}' is not a phone number: give digits with the country code", field);
        }

        var body = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = to,
            ["type"] = type,
            [type] = payload,
        };
        if (options?.Quoted?.Key?.Id is { Length: > 0 } quoted)
        {
            body["context"] = new JsonObject { ["message_id"] = quoted };
        }

        if (options is { Mentioned.Count: > 0 } || options?.MentionsEveryone == true)
        {
            return new GraphSend(null, to, "the cloud-api transport has no mentions", "mentioned");
        }

        return new GraphSend(body, to, null);
    }

    // type "template": {"name","language":{"code"},"components"} (whatsapp-transports.md §A1).
    private static GraphSend Template(SendTemplate send, string defaultLanguage)
    {
        var template = new JsonObject
        {
            ["name"] = send.Name,
            ["language"] = new JsonObject { ["code"] = send.Language.Length > 0 ? send.Language : defaultLanguage },
        };
        if (send.ComponentsJson.Length > 0)
        {
            template["components"] = JsonNode.Parse(send.ComponentsJson);
        }

        return Message(send.Number, "template", template, send.Options);
    }

    private static GraphSend Media(SendMedia send)
    {
        var type = send.Mediatype switch
        {
            "image" or "video" or "audio" or "document" => send.Mediatype,
            _ => null,
        };
        return type is null
            ? new GraphSend(null, "", $"mediatype '{send.Mediatype}' is not one of image, video, audio, document", "mediatype")
            : Linked(send.Number, type, send.Url, send.Data, "media", send.Mimetype.Length > 0 ? send.Mimetype : null,
                type == "audio" ? null : send.Caption, type == "document" ? send.FileName : null, send.Options);
    }

    // By link when given a URL (Meta fetches it); bytes (base64 or a multipart file) are uploaded to /media first.
    private static GraphSend Linked(string number, string type, string url, ByteString data, string field, string? mimeType, string? caption, string? fileName, SendOptions? options)
    {
        var media = new JsonObject();
        var byLink = !string.IsNullOrEmpty(url) && Uri.TryCreate(url, UriKind.Absolute, out var link) && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp);
        if (byLink)
        {
            media["link"] = url;
        }
        else if (data.Length == 0)
        {
            return new GraphSend(null, "", $"{field} must be an http(s) URL or base64", field);
        }
        else if (mimeType is null || !System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(mimeType, out _))
        {
            return new GraphSend(null, "", mimeType is null
                ? "mimetype is required to upload media given as base64 to the Cloud API"
                : $"mimetype '{mimeType}' is not a media type such as image/jpeg", "mimetype");
        }

        if (!string.IsNullOrEmpty(caption))
        {
            media["caption"] = caption;
        }

        if (!string.IsNullOrEmpty(fileName))
        {
            media["filename"] = fileName;
        }

        var send = Message(number, type, media, options);
        return byLink || send.Body is null ? send : send with { Upload = new GraphUpload(data, mimeType!, fileName ?? type, media) };
    }

    private static JsonObject Location(SendLocation location)
    {
        var body = new JsonObject
        {
            ["latitude"] = location.Latitude.ToString("R", CultureInfo.InvariantCulture),
            ["longitude"] = location.Longitude.ToString("R", CultureInfo.InvariantCulture),
        };
        if (location.Name.Length > 0)
        {
            body["name"] = location.Name;
        }

        if (location.Address.Length > 0)
        {
            body["address"] = location.Address;
        }

        return body;
    }

    private static GraphSend Contacts(SendContact send)
    {
        var cards = new JsonArray();
        foreach (var card in send.Contact)
        {
            var phone = new JsonObject { ["phone"] = card.PhoneNumber, ["type"] = "CELL" };
            if ((card.Wuid.Length > 0 ? card.Wuid : Digits(card.PhoneNumber)) is { } waId)
            {
                phone["wa_id"] = waId;
            }

            var contact = new JsonObject
            {
                ["name"] = new JsonObject { ["formatted_name"] = card.FullName, ["first_name"] = card.FullName },
                ["phones"] = new JsonArray(phone),
            };
            if (card.Organization.Length > 0)
            {
                contact["org"] = new JsonObject { ["company"] = card.Organization };
            }

            if (card.Email.Length > 0)
            {
                contact["emails"] = new JsonArray(new JsonObject { ["email"] = card.Email, ["type"] = "WORK" });
            }

            if (card.Url.Length > 0)
            {
                contact["urls"] = new JsonArray(new JsonObject { ["url"] = card.Url, ["type"] = "WORK" });
            }

            cards.Add(contact);
        }

        return Message(send.Number, "contacts", cards, send.Options);
    }

    private static JsonObject List(SendList list)
    {
        var sections = new JsonArray();
        foreach (var section in list.Sections)
        {
            var rows = new JsonArray();
            foreach (var row in section.Rows)
            {
                var item = new JsonObject { ["id"] = row.RowId.Length > 0 ? row.RowId : row.Title, ["title"] = row.Title };
                if (row.Description.Length > 0)
                {
                    item["description"] = row.Description;
                }

                rows.Add(item);
            }

            sections.Add(new JsonObject { ["title"] = section.Title, ["rows"] = rows });
        }

        var body = new JsonObject
        {
            ["type"] = "list",
            ["body"] = new JsonObject { ["text"] = list.Description.Length > 0 ? list.Description : list.Title },
            ["action"] = new JsonObject { ["button"] = list.ButtonText, ["sections"] = sections },
        };
        if (list.Title.Length > 0 && list.Description.Length > 0)
        {
            body["header"] = new JsonObject { ["type"] = "text", ["text"] = list.Title };
        }

        if (list.FooterText.Length > 0)
        {
            body["footer"] = new JsonObject { ["text"] = list.FooterText };
        }

        return body;
    }

    private static GraphSend Buttons(SendButtons send)
    {
        var buttons = new JsonArray();
        foreach (var button in send.Buttons)
        {
            if (button.Type is not ("reply" or ""))
            {
                return new GraphSend(null, "", $"the cloud-api transport's reply buttons take type 'reply' only, not '{button.Type}'", "buttons");
            }

            buttons.Add(new JsonObject
            {
                ["type"] = "reply",
                ["reply"] = new JsonObject { ["id"] = button.Id.Length > 0 ? button.Id : button.DisplayText, ["title"] = button.DisplayText },
            });
        }

        var body = new JsonObject
        {
            ["type"] = "button",
            ["body"] = new JsonObject { ["text"] = send.Description.Length > 0 ? send.Description : send.Title },
            ["action"] = new JsonObject { ["buttons"] = buttons },
        };
        if (send.Title.Length > 0 && send.Description.Length > 0)
        {
            body["header"] = new JsonObject { ["type"] = "text", ["text"] = send.Title };
        }

        if (send.Footer.Length > 0)
        {
            body["footer"] = new JsonObject { ["text"] = send.Footer };
        }

        return Message(send.Number, "interactive", body, send.Options);
    }
}
