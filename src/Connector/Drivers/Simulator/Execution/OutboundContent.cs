using System.Text;
using Evostream.Contracts.V1;
using Google.Protobuf;

namespace Evostream.Connector.Drivers.Simulator.Execution;

/// <summary>What one send command puts on the wire: the recipient as typed, the WhatsApp message and its options.</summary>
internal sealed record OutboundContent(string To, string ToField, WaMessage Message, SendOptions? Options, bool Voice = false)
{
    /// <summary>The content of a send command; null when the command is not a send.</summary>
    public static OutboundContent? From(CommandEnvelope command) => command.CommandCase switch
    {
        CommandEnvelope.CommandOneofCase.SendText => new(command.SendText.Number, "number", new WaMessage { Conversation = command.SendText.Text }, command.SendText.Options),
        CommandEnvelope.CommandOneofCase.SendMedia => Media(command.SendMedia),
        CommandEnvelope.CommandOneofCase.SendWhatsappAudio => new(command.SendWhatsappAudio.Number, "number", new WaMessage
        {
            AudioMessage = MediaOf(command.SendWhatsappAudio.Url, command.SendWhatsappAudio.Data, "audio/ogg; codecs=opus", ptt: true),
        }, command.SendWhatsappAudio.Options, Voice: true),
        CommandEnvelope.CommandOneofCase.SendSticker => new(command.SendSticker.Number, "number", new WaMessage
        {
            StickerMessage = MediaOf(command.SendSticker.Url, command.SendSticker.Data, "image/webp"),
        }, command.SendSticker.Options),
        CommandEnvelope.CommandOneofCase.SendLocation => new(command.SendLocation.Number, "number", new WaMessage
        {
            LocationMessage = new LocationMessage
            {
                DegreesLatitude = command.SendLocation.Latitude,
                DegreesLongitude = command.SendLocation.Longitude,
                Name = command.SendLocation.Name,
                Address = command.SendLocation.Address,
            },
        }, command.SendLocation.Options),
        CommandEnvelope.CommandOneofCase.SendContact => Contacts(command.SendContact),
        CommandEnvelope.CommandOneofCase.SendReaction => new(command.SendReaction.Key?.RemoteJid ?? "", "key.remoteJid", new WaMessage
        {
            ReactionMessage = new ReactionMessage { Key = command.SendReaction.Key?.Clone(), Text = command.SendReaction.Reaction },
        }, null),
        CommandEnvelope.CommandOneofCase.SendPoll => new(command.SendPoll.Number, "number", new WaMessage
        {
            PollCreationMessage = new PollCreationMessage
            {
                Name = command.SendPoll.Name,
                SelectableOptionsCount = command.SendPoll.SelectableCount,
                Options = { command.SendPoll.Values.Select(v => new PollCreationMessage.Types.Option { OptionName = v }) },
            },
        }, command.SendPoll.Options),
        CommandEnvelope.CommandOneofCase.SendList => new(command.SendList.Number, "number", new WaMessage
        {
            ListMessage = new ListMessage
            {
                Title = command.SendList.Title,
                Description = command.SendList.Description,
                ButtonText = command.SendList.ButtonText,
                FooterText = command.SendList.FooterText,
                Sections = { command.SendList.Sections.Select(s => s.Clone()) },
            },
        }, command.SendList.Options),
        CommandEnvelope.CommandOneofCase.SendButtons => new(command.SendButtons.Number, "number", new WaMessage
        {
            ButtonsMessage = new ButtonsMessage
            {
                Title = command.SendButtons.Title,
                Description = command.SendButtons.Description,
                Footer = command.SendButtons.Footer,
                Buttons = { command.SendButtons.Buttons.Select(b => b.Clone()) },
            },
        }, command.SendButtons.Options),
        _ => null,
    };

    private static OutboundContent Media(SendMedia send)
    {
        var media = MediaOf(send.Url, send.Data, string.IsNullOrEmpty(send.Mimetype) ? DefaultMime(send.Mediatype) : send.Mimetype);
        if (!string.IsNullOrEmpty(send.Caption))
        {
            media.Caption = send.Caption;
        }

        if (!string.IsNullOrEmpty(send.FileName))
        {
            media.FileName = send.FileName;
        }

        var message = send.Mediatype switch
        {
            "image" => new WaMessage { ImageMessage = media },
            "video" => new WaMessage { VideoMessage = media },
            "audio" => new WaMessage { AudioMessage = media },
            _ => new WaMessage { DocumentMessage = media },
        };
        return new OutboundContent(send.Number, "number", message, send.Options);
    }

    private static string DefaultMime(string mediatype) => mediatype switch
    {
        "image" => "image/jpeg",
        "video" => "video/mp4",
        "audio" => "audio/mpeg",
        _ => "application/octet-stream",
    };

    // The media is not fetched: the simulated network stores a reference and, for inline data, its size.
    private static MediaMessage MediaOf(string url, ByteString data, string mimetype, bool ptt = false)
    {
        var media = new MediaMessage
        {
            Url = string.IsNullOrEmpty(url) ? "https://mmg.whatsapp.net/simulator/inline.enc" : url,
            Mimetype = mimetype,
            FileLength = (ulong)data.Length,
        };
        if (ptt)
        {
            media.Ptt = true;
        }

        return media;
    }

    private static OutboundContent Contacts(SendContact send)
    {
        var cards = send.Contact.Select(c => new ContactMessage { DisplayName = c.FullName, Vcard = VCard(c) }).ToList();
        var message = cards.Count == 1
            ? new WaMessage { ContactMessage = cards[0] }
            : new WaMessage { ContactsArrayMessage = new ContactsArrayMessage { DisplayName = $"{cards.Count} contacts", Contacts = { cards } } };
        return new OutboundContent(send.Number, "number", message, send.Options);
    }

    private static string VCard(ContactCard card)
    {
        var text = new StringBuilder("BEGIN:VCARD\nVERSION:3.0\n");
        text.Append("FN:").Append(card.FullName).Append('\n');
        if (!string.IsNullOrEmpty(card.Organization))
        {
            text.Append("ORG:").Append(card.Organization).Append(";\n");
        }

        var wuid = string.IsNullOrEmpty(card.Wuid) ? card.PhoneNumber : card.Wuid;
        text.Append("item1.TEL;waid=").Append(wuid).Append(':').Append(card.PhoneNumber).Append("\nitem1.X-ABLabel:Celular\n");
        if (!string.IsNullOrEmpty(card.Email))
        {
            text.Append("EMAIL:").Append(card.Email).Append('\n');
        }

        if (!string.IsNullOrEmpty(card.Url))
        {
            text.Append("URL:").Append(card.Url).Append('\n');
        }

        return text.Append("END:VCARD").ToString();
    }
}
