using System.Text.Json;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Commands;

/// <summary>The sends whose bodies hold arrays of objects: contact cards, list sections and rows, buttons.</summary>
internal static class StructuredSends
{
    private static readonly JsonFields s_contact = new("fullName", "wuid", "phoneNumber", "organization", "email", "url");
    private static readonly JsonFields s_section = new("title", "rows");
    private static readonly JsonFields s_row = new("title", "description", "rowId");
    private static readonly JsonFields s_button = new("type", "displayText", "id", "copyCode", "url", "phoneNumber");

    public static void ReadContact(JsonBodyReader reader, JsonElement body, CommandEnvelope envelope)
    {
        var send = new SendContact { Number = reader.String(body, "number", required: true) };
        reader.Objects(body, "contact", s_contact, send.Contact, static (r, card) => new ContactCard
        {
            FullName = r.String(card, "fullName", required: true),
            Wuid = r.String(card, "wuid"),
            PhoneNumber = r.String(card, "phoneNumber", required: true),
            Organization = r.String(card, "organization"),
            Email = r.String(card, "email"),
            Url = r.String(card, "url"),
        }, required: true);
        send.Options = SendOptionsJson.Read(reader, body);
        envelope.SendContact = send;
    }

    public static void WriteContact(Utf8JsonWriter json, CommandEnvelope envelope)
    {
        var send = envelope.SendContact;
        json.WriteString("number"u8, send.Number);
        json.WriteStartArray("contact"u8);
        foreach (var card in send.Contact)
        {
            json.WriteStartObject();
            json.WriteString("fullName"u8, card.FullName);
            json.WriteIfNotEmpty("wuid"u8, card.Wuid);
            json.WriteString("phoneNumber"u8, card.PhoneNumber);
            json.WriteIfNotEmpty("organization"u8, card.Organization);
            json.WriteIfNotEmpty("email"u8, card.Email);
            json.WriteIfNotEmpty("url"u8, card.Url);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        SendOptionsJson.Write(json, send.Options);
    }

    public static void ReadList(JsonBodyReader reader, JsonElement body, CommandEnvelope envelope)
    {
        var send = new SendList
        {
            Number = reader.String(body, "number", required: true),
            Title = reader.String(body, "title", required: true),
            Description = reader.String(body, "description"),
            ButtonText = reader.String(body, "buttonText", required: true),
            FooterText = reader.String(body, "footerText", required: true),
        };
        reader.Objects(body, "sections", s_section, send.Sections, static (r, element) =>
        {
            var section = new ListMessage.Types.Section { Title = r.String(element, "title", required: true) };
            r.Objects(element, "rows", s_row, section.Rows, static (r, row) => new ListMessage.Types.Row
            {
                Title = r.String(row, "title", required: true),
                Description = r.String(row, "description"),
                RowId = r.String(row, "rowId", required: true),
            }, required: true);
            return section;
        }, required: true);
        send.Options = SendOptionsJson.Read(reader, body);
        envelope.SendList = send;
    }

    public static void WriteList(Utf8JsonWriter json, CommandEnvelope envelope)
    {
        var send = envelope.SendList;
        json.WriteString("number"u8, send.Number);
        json.WriteString("title"u8, send.Title);
        json.WriteIfNotEmpty("description"u8, send.Description);
        json.WriteString("buttonText"u8, send.ButtonText);
        json.WriteString("footerText"u8, send.FooterText);
        json.WriteStartArray("sections"u8);
        foreach (var section in send.Sections)
        {
            json.WriteStartObject();
            json.WriteString("title"u8, section.Title);
            json.WriteStartArray("rows"u8);
            foreach (var row in section.Rows)
            {
                json.WriteStartObject();
                json.WriteString("title"u8, row.Title);
                json.WriteIfNotEmpty("description"u8, row.Description);
                json.WriteString("rowId"u8, row.RowId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        SendOptionsJson.Write(json, send.Options);
    }

    public static void ReadButtons(JsonBodyReader reader, JsonElement body, CommandEnvelope envelope)
    {
        var send = new SendButtons
        {
            Number = reader.String(body, "number", required: true),
            Title = reader.String(body, "title"),
            Description = reader.String(body, "description"),
            Footer = reader.String(body, "footer"),
        };
        reader.Objects(body, "buttons", s_button, send.Buttons, static (r, button) => new ButtonsMessage.Types.Button
        {
            Type = r.String(button, "type", required: true),
            DisplayText = r.String(button, "displayText"),
            Id = r.String(button, "id"),
            CopyCode = r.String(button, "copyCode"),
            Url = r.String(button, "url"),
            PhoneNumber = r.String(button, "phoneNumber"),
        });
        send.Options = SendOptionsJson.Read(reader, body);
        envelope.SendButtons = send;
    }

    public static void WriteButtons(Utf8JsonWriter json, CommandEnvelope envelope)
    {
        var send = envelope.SendButtons;
        json.WriteString("number"u8, send.Number);
        json.WriteIfNotEmpty("title"u8, send.Title);
        json.WriteIfNotEmpty("description"u8, send.Description);
        json.WriteIfNotEmpty("footer"u8, send.Footer);
        if (send.Buttons.Count > 0)
        {
            json.WriteStartArray("buttons"u8);
            foreach (var button in send.Buttons)
            {
                json.WriteStartObject();
                json.WriteString("type"u8, button.Type);
                json.WriteIfNotEmpty("displayText"u8, button.DisplayText);
                json.WriteIfNotEmpty("id"u8, button.Id);
                json.WriteIfNotEmpty("copyCode"u8, button.CopyCode);
                json.WriteIfNotEmpty("url"u8, button.Url);
                json.WriteIfNotEmpty("phoneNumber"u8, button.PhoneNumber);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        SendOptionsJson.Write(json, send.Options);
    }
}
