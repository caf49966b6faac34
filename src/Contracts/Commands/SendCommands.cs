using System.Text.Json;
using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>
/// The sends: Evolution's /message routes. Required fields are those Evolution's JSON schemas require, plus the media
/// itself, which Evolution may take as a multipart file but a JSON command can only carry inline.
/// </summary>
internal static class SendCommands
{
    public static IReadOnlyList<CommandCodec> All { get; } =
    [
        new(Case.SendText, Send("number", "text"),
            static (r, body, e) => e.SendText = new SendText
            {
                Number = r.String(body, "number", required: true),
                Text = r.String(body, "text", required: true),
                Options = SendOptionsJson.Read(r, body),
            },
            static (json, e) =>
            {
                json.WriteString("number"u8, e.SendText.Number);
                json.WriteString("text"u8, e.SendText.Text);
                SendOptionsJson.Write(json, e.SendText.Options);
            }),
        new(Case.SendMedia, Send("number", "mediatype", "mimetype", "media", "fileName", "caption"), ReadMedia, WriteMedia),
        new(Case.SendWhatsappAudio, Send("number", "audio"),
            static (r, body, e) =>
            {
                var audio = new SendWhatsAppAudio { Number = r.String(body, "number", required: true) };
                MediaJson.ReadInto(r, body, "audio", url => audio.Url = url, data => audio.Data = data);

                audio.Options = SendOptionsJson.Read(r, body);
                e.SendWhatsappAudio = audio;
            },
            static (json, e) =>
            {
                var audio = e.SendWhatsappAudio;
                json.WriteString("number"u8, audio.Number);
                MediaJson.Write(json, "audio"u8,
                    audio.AudioCase == SendWhatsAppAudio.AudioOneofCase.Url ? audio.Url : null,
                    audio.AudioCase == SendWhatsAppAudio.AudioOneofCase.Data ? audio.Data : null);
                SendOptionsJson.Write(json, audio.Options);
            }),
        new(Case.SendSticker, Send("number", "sticker"),
            static (r, body, e) =>
            {
                var sticker = new SendSticker { Number = r.String(body, "number", required: true) };
                MediaJson.ReadInto(r, body, "sticker", url => sticker.Url = url, data => sticker.Data = data);

                sticker.Options = SendOptionsJson.Read(r, body);
                e.SendSticker = sticker;
            },
            static (json, e) =>
            {
                var sticker = e.SendSticker;
                json.WriteString("number"u8, sticker.Number);
                MediaJson.Write(json, "sticker"u8,
                    sticker.StickerCase == SendSticker.StickerOneofCase.Url ? sticker.Url : null,
                    sticker.StickerCase == SendSticker.StickerOneofCase.Data ? sticker.Data : null);
                SendOptionsJson.Write(json, sticker.Options);
            }),
        new(Case.SendLocation, Send("number", "name", "address", "latitude", "longitude"),
            static (r, body, e) => e.SendLocation = new SendLocation
            {
                Number = r.String(body, "number", required: true),
                Name = r.String(body, "name", required: true),
                Address = r.String(body, "address", required: true),
                Latitude = r.Double(body, "latitude", required: true),
                Longitude = r.Double(body, "longitude", required: true),
                Options = SendOptionsJson.Read(r, body),
            },
            static (json, e) =>
            {
                var location = e.SendLocation;
                json.WriteString("number"u8, location.Number);
                json.WriteString("name"u8, location.Name);
                json.WriteString("address"u8, location.Address);
                json.WriteNumber("latitude"u8, location.Latitude);
                json.WriteNumber("longitude"u8, location.Longitude);
                SendOptionsJson.Write(json, location.Options);
            }),
        new(Case.SendContact, Send("number", "contact"), StructuredSends.ReadContact, StructuredSends.WriteContact),
        // Evolution's reaction takes no send options, and neither does the message.
        new(Case.SendReaction, new JsonFields("key", "reaction"),
            static (r, body, e) => e.SendReaction = new SendReaction
            {
                Key = r.Object(body, "key", MessageKeyJson.Fields, MessageKeyJson.Read, required: true),
                Reaction = r.String(body, "reaction", required: true),
            },
            static (json, e) =>
            {
                MessageKeyJson.Write(json, "key"u8, e.SendReaction.Key);
                json.WriteString("reaction"u8, e.SendReaction.Reaction);
            }),
        new(Case.SendPoll, Send("number", "name", "selectableCount", "values"),
            static (r, body, e) =>
            {
                var poll = new SendPoll
                {
                    Number = r.String(body, "number", required: true),
                    Name = r.String(body, "name", required: true),
                    SelectableCount = r.UInt32(body, "selectableCount", required: true),
                };
                r.Strings(body, "values", poll.Values, required: true);
                poll.Options = SendOptionsJson.Read(r, body);
                e.SendPoll = poll;
            },
            static (json, e) =>
            {
                var poll = e.SendPoll;
                json.WriteString("number"u8, poll.Number);
                json.WriteString("name"u8, poll.Name);
                json.WriteNumber("selectableCount"u8, poll.SelectableCount);
                json.WriteStrings("values"u8, poll.Values);
                SendOptionsJson.Write(json, poll.Options);
            }),
        new(Case.SendList, Send("number", "title", "description", "buttonText", "footerText", "sections"), StructuredSends.ReadList, StructuredSends.WriteList),
        new(Case.SendButtons, Send("number", "title", "description", "footer", "buttons"), StructuredSends.ReadButtons, StructuredSends.WriteButtons),
    ];

    private static JsonFields Send(params string[] body) => new JsonFields(body).And(SendOptionsJson.Fields);

    private static void ReadMedia(JsonBodyReader reader, JsonElement body, CommandEnvelope envelope)
    {
        var send = new SendMedia
        {
            Number = reader.String(body, "number", required: true),
            Mediatype = reader.String(body, "mediatype", required: true),
            Mimetype = reader.String(body, "mimetype"),
        };
        var media = MediaJson.Read(reader, body, "media");
        if (media.Data is { } data)
        {
            send.Data = data;
            // A data: URI declares its type; an explicit mimetype still wins.
            if (send.Mimetype.Length == 0)
            {
                send.Mimetype = media.MimeType;
            }
        }
        else if (media.Url is { Length: > 0 } url)
        {
            send.Url = url;
        }

        send.FileName = reader.String(body, "fileName");
        send.Caption = reader.String(body, "caption");
        send.Options = SendOptionsJson.Read(reader, body);
        envelope.SendMedia = send;
    }

    private static void WriteMedia(Utf8JsonWriter json, CommandEnvelope envelope)
    {
        var send = envelope.SendMedia;
        json.WriteString("number"u8, send.Number);
        json.WriteString("mediatype"u8, send.Mediatype);
        json.WriteIfNotEmpty("mimetype"u8, send.Mimetype);
        MediaJson.Write(json, "media"u8,
            send.MediaCase == SendMedia.MediaOneofCase.Url ? send.Url : null,
            send.MediaCase == SendMedia.MediaOneofCase.Data ? send.Data : null);
        json.WriteIfNotEmpty("fileName"u8, send.FileName);
        json.WriteIfNotEmpty("caption"u8, send.Caption);
        SendOptionsJson.Write(json, send.Options);
    }
}
