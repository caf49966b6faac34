using System.Text.Json;
using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>
/// Meta's message templates (WHATSAPP-BUSINESS): Evolution's /message/sendTemplate, /template/create and /template/find.
/// <c>components</c> is the Graph API's own array, carried as JSON text: Meta defines and validates its shape.
/// </summary>
internal static class TemplateCommands
{
    public static IReadOnlyList<CommandCodec> All { get; } =
    [
        new(Case.SendTemplate, new JsonFields("number", "name", "language", "components").And(SendOptionsJson.Fields),
            static (r, body, e) => e.SendTemplate = new SendTemplate
            {
                Number = r.String(body, "number", required: true),
                Name = r.String(body, "name", required: true),
                Language = r.String(body, "language"),
                ComponentsJson = Components(r, body, required: false),
                Options = SendOptionsJson.Read(r, body),
            },
            static (json, e) =>
            {
                var send = e.SendTemplate;
                json.WriteString("number"u8, send.Number);
                json.WriteString("name"u8, send.Name);
                json.WriteIfNotEmpty("language"u8, send.Language);
                WriteComponents(json, send.ComponentsJson);
                SendOptionsJson.Write(json, send.Options);
            }),
    ];

    /// <summary>The template management commands, in the configuration range of the oneof.</summary>
    public static IReadOnlyList<CommandCodec> Management { get; } =
    [
        new(Case.CreateTemplate, new JsonFields("name", "category", "allowCategoryChange", "language", "components"),
            static (r, body, e) => e.CreateTemplate = new CreateTemplate
            {
                Name = r.String(body, "name", required: true),
                Category = r.String(body, "category", required: true),
                AllowCategoryChange = r.Bool(body, "allowCategoryChange"),
                Language = r.String(body, "language", required: true),
                ComponentsJson = Components(r, body, required: true),
            },
            static (json, e) =>
            {
                var create = e.CreateTemplate;
                json.WriteString("name"u8, create.Name);
                json.WriteString("category"u8, create.Category);
                json.WriteIfTrue("allowCategoryChange"u8, create.AllowCategoryChange);
                json.WriteString("language"u8, create.Language);
                WriteComponents(json, create.ComponentsJson);
            }),
        new(Case.FindTemplates, JsonFields.None,
            static (_, _, e) => e.FindTemplates = new FindTemplates(),
            static (_, _) => { }),
    ];

    private static string Components(JsonBodyReader reader, JsonElement body, bool required)
    {
        if (!reader.TryGet(body, "components", required, out var value))
        {
            return "";
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            reader.Fail("components", "must be an array of template components");
            return "";
        }

        return value.GetRawText();
    }

    private static void WriteComponents(Utf8JsonWriter json, string components)
    {
        if (components.Length > 0)
        {
            json.WritePropertyName("components"u8);
            json.WriteRawValue(components, skipInputValidation: true);
        }
    }
}
