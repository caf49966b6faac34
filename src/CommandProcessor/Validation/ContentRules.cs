using System.Globalization;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// Rules about a command's values, which the JSON reader leaves to the processor so Protobuf commands meet them too:
/// recipients (normalised in place), text and caption lengths, media, polls, lists and buttons, the token digest. Field paths are the
/// JSON command's, so a rejection names the field its producer wrote.
/// </summary>
internal static class ContentRules
{
    private static readonly string[] s_mediaTypes = ["image", "video", "document", "audio"];
    private static readonly string[] s_buttonTypes = ["reply", "copy", "url", "call", "pix"];
    private static readonly string[] s_templateCategories = ["MARKETING", "UTILITY", "AUTHENTICATION"];

    /// <summary>The first rule <paramref name="command"/> breaks, or null; recipients are normalised as a side effect.</summary>
    public static Rejection? Check(CommandEnvelope command) => command.CommandCase switch
    {
        Case.SendText => Recipient(command.SendText.Number, n => command.SendText.Number = n)
            ?? Required("text", command.SendText.Text) ?? MaxLength("text", command.SendText.Text, Limits.Text)
            ?? Options(command.SendText.Options),
        Case.SendMedia => Recipient(command.SendMedia.Number, n => command.SendMedia.Number = n) ?? Media(command.SendMedia)
            ?? Options(command.SendMedia.Options),
        Case.SendWhatsappAudio => Recipient(command.SendWhatsappAudio.Number, n => command.SendWhatsappAudio.Number = n)
            ?? Source("audio", command.SendWhatsappAudio.AudioCase == SendWhatsAppAudio.AudioOneofCase.Url ? command.SendWhatsappAudio.Url : null,
                command.SendWhatsappAudio.AudioCase == SendWhatsAppAudio.AudioOneofCase.Data ? command.SendWhatsappAudio.Data : null, Limits.AudioBytes, "audio")
            ?? Options(command.SendWhatsappAudio.Options),
        Case.SendSticker => Recipient(command.SendSticker.Number, n => command.SendSticker.Number = n)
            ?? Source("sticker", command.SendSticker.StickerCase == SendSticker.StickerOneofCase.Url ? command.SendSticker.Url : null,
                command.SendSticker.StickerCase == SendSticker.StickerOneofCase.Data ? command.SendSticker.Data : null, Limits.StickerBytes, "sticker")
            ?? Options(command.SendSticker.Options),
        Case.SendLocation => Recipient(command.SendLocation.Number, n => command.SendLocation.Number = n) ?? Location(command.SendLocation)
            ?? Options(command.SendLocation.Options),
        Case.SendContact => Recipient(command.SendContact.Number, n => command.SendContact.Number = n)
            ?? (command.SendContact.Contact.Count == 0 ? Rejection.Invalid("contact", "must hold at least one contact") : null)
            ?? Options(command.SendContact.Options),
        Case.SendReaction => Recipient(command.SendReaction.Key?.RemoteJid ?? "", n => command.SendReaction.Key!.RemoteJid = n, "key.remoteJid")
            ?? Required("key.id", command.SendReaction.Key?.Id ?? ""),
        Case.SendPoll => Recipient(command.SendPoll.Number, n => command.SendPoll.Number = n) ?? Poll(command.SendPoll)
            ?? Options(command.SendPoll.Options),
        Case.SendList => Recipient(command.SendList.Number, n => command.SendList.Number = n) ?? List(command.SendList)
            ?? Options(command.SendList.Options),
        Case.SendButtons => Recipient(command.SendButtons.Number, n => command.SendButtons.Number = n) ?? Buttons(command.SendButtons)
            ?? Options(command.SendButtons.Options),
        Case.SendTemplate => Recipient(command.SendTemplate.Number, n => command.SendTemplate.Number = n)
            ?? Required("name", command.SendTemplate.Name) ?? TemplateComponents(command.SendTemplate.ComponentsJson, required: false)
            ?? Options(command.SendTemplate.Options),
        Case.CreateTemplate => Required("name", command.CreateTemplate.Name) ?? Required("language", command.CreateTemplate.Language)
            ?? (s_templateCategories.Contains(command.CreateTemplate.Category) ? null
                : Rejection.Invalid("category", $"must be one of {string.Join(", ", s_templateCategories)}"))
            ?? TemplateComponents(command.CreateTemplate.ComponentsJson, required: true),
        Case.EditMessage => Recipient(command.EditMessage.Number, n => command.EditMessage.Number = n)
            ?? Required("text", command.EditMessage.Text) ?? MaxLength("text", command.EditMessage.Text, Limits.Text),
        Case.SendPresence => Recipient(command.SendPresence.Number, n => command.SendPresence.Number = n),
        Case.CreateInstance => TokenSha256(command.CreateInstance.TokenSha256) ?? WebhookRules.Check(command.CreateInstance.Webhook),
        Case.CreateGroup => Participants("participants", command.CreateGroup.Participants),
        Case.UpdateGroupParticipants => GroupJid(command.UpdateGroupParticipants.GroupJid, n => command.UpdateGroupParticipants.GroupJid = n)
            ?? Participants("participants", command.UpdateGroupParticipants.Participants),
        Case.UpdateGroupSubject => GroupJid(command.UpdateGroupSubject.GroupJid, n => command.UpdateGroupSubject.GroupJid = n),
        Case.UpdateGroupDescription => GroupJid(command.UpdateGroupDescription.GroupJid, n => command.UpdateGroupDescription.GroupJid = n),
        Case.UpdateGroupPicture => GroupJid(command.UpdateGroupPicture.GroupJid, n => command.UpdateGroupPicture.GroupJid = n),
        Case.FetchGroupInviteCode => GroupJid(command.FetchGroupInviteCode.GroupJid, n => command.FetchGroupInviteCode.GroupJid = n),
        Case.LeaveGroup => GroupJid(command.LeaveGroup.GroupJid, n => command.LeaveGroup.GroupJid = n),
        Case.SetWebhook => WebhookRules.Check(command.SetWebhook.Webhook),
        _ => null,
    };

    // Meta defines and checks the components themselves; a Protobuf producer's text must at least be a JSON array.
    private static Rejection? TemplateComponents(string json, bool required)
    {
        if (json.Length == 0)
        {
            return required ? Rejection.Invalid("components", "is required") : null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array ? null
                : Rejection.Invalid("components", "must be a JSON array of template components");
        }
        catch (System.Text.Json.JsonException e)
        {
            return Rejection.Invalid("components", $"is not JSON ({e.Message})");
        }
    }

    private static Rejection? Recipient(string raw, Action<string> set, string field = "number")
    {
        var (normalised, error) = Recipients.Normalise(raw);
        if (error is not null)
        {
            return Rejection.Invalid(field, error);
        }

        set(normalised!);
        return null;
    }

    // The instance token travels only as its digest; the Api compares digests, so any other form locks the instance out.
    private static Rejection? TokenSha256(string hash) =>
        hash.Length > 0 && (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
            ? Rejection.Invalid("tokenSha256", "must be 64 lower-case hexadecimal characters (a SHA-256)")
            : null;

    private static Rejection? GroupJid(string raw, Action<string> set)
    {
        var (normalised, error) = Recipients.Group(raw);
        if (error is not null)
        {
            return Rejection.Invalid("groupJid", error);
        }

        set(normalised!);
        return null;
    }

    private static Rejection? Participants(string field, RepeatedField<string> participants)
    {
        for (var i = 0; i < participants.Count; i++)
        {
            var index = i;
            if (Recipient(participants[i], n => participants[index] = n, $"{field}[{i}]") is { } rejection)
            {
                return rejection;
            }
        }

        return null;
    }

    private static Rejection? Options(SendOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        for (var i = 0; i < options.Mentioned.Count; i++)
        {
            var index = i;
            if (Recipient(options.Mentioned[i], n => options.Mentioned[index] = n, $"mentioned[{i}]") is { } rejection)
            {
                return rejection;
            }
        }

        return null;
    }

    private static Rejection? Required(string field, string value) => value.Trim().Length == 0 ? Rejection.Invalid(field, "is required") : null;

    private static Rejection? MaxLength(string field, string value, int max)
    {
        var length = Limits.Length(value);
        return length > max
            ? Rejection.Invalid(field, $"is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long; WhatsApp allows at most {max.ToString("N0", CultureInfo.InvariantCulture)}")
            : null;
    }

    private static Rejection? Media(SendMedia media)
    {
        if (Array.IndexOf(s_mediaTypes, media.Mediatype) < 0)
        {
            return Rejection.Invalid("mediatype", $"'{media.Mediatype}' is not one of: {string.Join(", ", s_mediaTypes)}");
        }

        if (media.Mimetype.Length > 0)
        {
            var slash = media.Mimetype.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == media.Mimetype.Length - 1 || media.Mimetype.Contains(' ', StringComparison.Ordinal))
            {
                return Rejection.Invalid("mimetype", $"'{media.Mimetype}' is not a MIME type (type/subtype)");
            }

            var type = media.Mimetype[..slash].ToLowerInvariant();
            if (media.Mediatype != "document" && type != media.Mediatype)
            {
                return Rejection.Invalid("mimetype", $"'{media.Mimetype}' is not an {media.Mediatype} type; mediatype {media.Mediatype} needs {media.Mediatype}/*");
            }
        }

        var limit = media.Mediatype switch
        {
            "image" => Limits.ImageBytes,
            "video" => Limits.VideoBytes,
            "audio" => Limits.AudioBytes,
            _ => Limits.DocumentBytes,
        };
        var data = media.MediaCase == SendMedia.MediaOneofCase.Data ? media.Data : null;
        if (Source("media", media.MediaCase == SendMedia.MediaOneofCase.Url ? media.Url : null, data, limit, media.Mediatype) is { } rejection)
        {
            return rejection;
        }

        if (media.Mediatype == "document" && data is not null && media.FileName.Trim().Length == 0)
        {
            return Rejection.Invalid("fileName", "is required for a document sent as base64 (WhatsApp shows it and picks the icon from its extension)");
        }

        return MaxLength("caption", media.Caption, Limits.Caption);
    }

    private static Rejection? Source(string field, string? url, ByteString? data, long maxBytes, string kind)
    {
        if (data is not null)
        {
            if (data.Length == 0)
            {
                return Rejection.Invalid(field, "is empty");
            }

            return data.Length > maxBytes
                ? Rejection.Invalid(field, $"is {data.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes; WhatsApp takes {kind} up to {Size(maxBytes)}")
                : null;
        }

        if (url is null)
        {
            return Rejection.Invalid(field, "is required: a URL or base64 data");
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null
            : Rejection.Invalid(field, $"'{url}' is not an http(s) URL");
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";

    private static Rejection? Location(SendLocation location) =>
        location.Latitude is < -90 or > 90 || double.IsNaN(location.Latitude) ? Rejection.Invalid("latitude", "must be between -90 and 90")
        : location.Longitude is < -180 or > 180 || double.IsNaN(location.Longitude) ? Rejection.Invalid("longitude", "must be between -180 and 180")
        : null;

    private static Rejection? Poll(SendPoll poll)
    {
        if (Required("name", poll.Name) is { } missing)
        {
            return missing;
        }

        if (poll.Values.Count is < Limits.PollMinOptions or > Limits.PollMaxOptions)
        {
            return Rejection.Invalid("values", $"has {poll.Values.Count} options; a WhatsApp poll has {Limits.PollMinOptions} to {Limits.PollMaxOptions}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < poll.Values.Count; i++)
        {
            if (poll.Values[i].Trim().Length == 0)
            {
                return Rejection.Invalid($"values[{i}]", "is empty");
            }

            if (!seen.Add(poll.Values[i]))
            {
                return Rejection.Invalid($"values[{i}]", $"'{poll.Values[i]}' repeats an earlier option; poll options must differ");
            }
        }

        return poll.SelectableCount > poll.Values.Count
            ? Rejection.Invalid("selectableCount", $"is {poll.SelectableCount} but the poll has only {poll.Values.Count} options (0 means any number)")
            : null;
    }

    private static Rejection? List(SendList list)
    {
        if ((Required("buttonText", list.ButtonText) ?? MaxLength("buttonText", list.ButtonText, Limits.ListButtonText)
            ?? MaxLength("description", list.Description, Limits.InteractiveBody) ?? MaxLength("footerText", list.FooterText, Limits.Footer)) is { } field)
        {
            return field;
        }

        if (list.Sections.Count is 0 or > Limits.ListMaxSections)
        {
            return Rejection.Invalid("sections", $"has {list.Sections.Count} sections; a WhatsApp list has 1 to {Limits.ListMaxSections}");
        }

        var rows = list.Sections.Sum(s => s.Rows.Count);
        if (rows > Limits.ListMaxRows)
        {
            return Rejection.Invalid("sections", $"hold {rows} rows in all; a WhatsApp list has at most {Limits.ListMaxRows}");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < list.Sections.Count; s++)
        {
            var section = list.Sections[s];
            if (list.Sections.Count > 1 && section.Title.Trim().Length == 0)
            {
                return Rejection.Invalid($"sections[{s}].title", "is required when a list has more than one section");
            }

            if (MaxLength($"sections[{s}].title", section.Title, Limits.ListSectionTitle) is { } title)
            {
                return title;
            }

            if (section.Rows.Count == 0)
            {
                return Rejection.Invalid($"sections[{s}].rows", "is empty; every section needs at least one row");
            }

            for (var r = 0; r < section.Rows.Count; r++)
            {
                var row = section.Rows[r];
                var path = $"sections[{s}].rows[{r}]";
                if ((Required(path + ".title", row.Title) ?? MaxLength(path + ".title", row.Title, Limits.ListRowTitle)
                    ?? MaxLength(path + ".description", row.Description, Limits.ListRowDescription)
                    ?? MaxLength(path + ".rowId", row.RowId, Limits.ListRowId)) is { } rejection)
                {
                    return rejection;
                }

                if (row.RowId.Length > 0 && !ids.Add(row.RowId))
                {
                    return Rejection.Invalid(path + ".rowId", $"'{row.RowId}' repeats an earlier row's id; row ids must differ");
                }
            }
        }

        return null;
    }

    private static Rejection? Buttons(SendButtons send)
    {
        if (send.Buttons.Count is 0 or > Limits.MaxButtons)
        {
            return Rejection.Invalid("buttons", $"has {send.Buttons.Count} buttons; WhatsApp shows 1 to {Limits.MaxButtons}");
        }

        if ((MaxLength("description", send.Description, Limits.InteractiveBody) ?? MaxLength("footer", send.Footer, Limits.Footer)) is { } field)
        {
            return field;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < send.Buttons.Count; i++)
        {
            var button = send.Buttons[i];
            var path = $"buttons[{i}]";
            if (Array.IndexOf(s_buttonTypes, button.Type) < 0)
            {
                return Rejection.Invalid(path + ".type", $"'{button.Type}' is not one of: {string.Join(", ", s_buttonTypes)}");
            }

            if (button.Type != "pix" && (Required(path + ".displayText", button.DisplayText) ?? MaxLength(path + ".displayText", button.DisplayText, Limits.ButtonText)) is { } text)
            {
                return text;
            }

            var rejection = button.Type switch
            {
                "reply" => Required(path + ".id", button.Id) ?? MaxLength(path + ".id", button.Id, Limits.ButtonId)
                    ?? (ids.Add(button.Id) ? null : Rejection.Invalid(path + ".id", $"'{button.Id}' repeats an earlier button's id; reply ids must differ")),
                "copy" => Required(path + ".copyCode", button.CopyCode),
                "url" => Uri.TryCreate(button.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? null : Rejection.Invalid(path + ".url", $"'{button.Url}' is not an http(s) URL"),
                "call" => Recipient(button.PhoneNumber, n => button.PhoneNumber = n, path + ".phoneNumber"),
                _ => null,
            };
            if (rejection is not null)
            {
                return rejection;
            }
        }

        return null;
    }
}
