using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Evostream.Api.Writing;

/// <summary>
/// Evolution's multipart sends (<c>file</c> plus the JSON body's fields as form fields) turned into the JSON body, the
/// file becoming base64 in the route's media field, so one reader handles both forms.
/// </summary>
public static class FormBody
{
    private static readonly HashSet<string> s_numbers = new(StringComparer.Ordinal) { "delay", "latitude", "longitude", "selectableCount" };
    private static readonly HashSet<string> s_texts = new(StringComparer.Ordinal) { "number", "text", "caption", "fileName", "mimetype", "mediatype", "groupJid" };

    public static bool IsForm(HttpRequest request) => request?.HasFormContentType ?? false;

    /// <summary>The JSON body, or null when the form exceeds <paramref name="limit"/>.</summary>
    /// <param name="fileField">Where the file goes: <c>media</c>, <c>audio</c>, <c>sticker</c> or <c>image</c>.</param>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit, string fileField, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueLengthLimit = (int)Math.Min(limit, int.MaxValue) }, ct);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            foreach (var (name, values) in form)
            {
                var value = values.ToString();
                writer.WritePropertyName(name);
                WriteValue(writer, name, value);
            }

            if (form.Files.GetFile("file") is { } file && !form.ContainsKey(fileField))
            {
                using var stream = file.OpenReadStream();
                using var copy = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
                await stream.CopyToAsync(copy, ct);
                writer.WriteBase64String(fileField, copy.GetBuffer().AsSpan(0, (int)copy.Length));
                if (fileField == "media" && !form.ContainsKey("fileName") && file.FileName.Length > 0)
                {
                    writer.WriteString("fileName", file.FileName);
                }

                if (fileField == "media" && !form.ContainsKey("mimetype") && file.ContentType.Length > 0)
                {
                    writer.WriteString("mimetype", file.ContentType);
                }
            }

            writer.WriteEndObject();
        }

        return json.WrittenMemory;
    }

    // Form fields are all text; give the JSON reader the types Evolution's JSON bodies use.
    private static void WriteValue(Utf8JsonWriter writer, string name, string value)
    {
        if (!s_texts.Contains(name))
        {
            if (value is "true" or "false")
            {
                writer.WriteBooleanValue(value == "true");
                return;
            }

            if (s_numbers.Contains(name) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                writer.WriteNumberValue(number);
                return;
            }

            if (value.StartsWith('[') || value.StartsWith('{'))
            {
                try
                {
                    using var document = JsonDocument.Parse(value);
                    document.RootElement.WriteTo(writer);
                    return;
                }
                catch (JsonException)
                {
                    // Not JSON after all: pass it on as text, and the command reader names the field.
                }
            }
        }

        writer.WriteStringValue(value);
    }
}
