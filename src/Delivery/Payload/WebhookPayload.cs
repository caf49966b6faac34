using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Evostream.Delivery.Payload;

/// <summary>
/// Evolution's webhook body from an event's Evolution JSON body: the same fields in the same order, with
/// <c>destination</c> (the URL posted to) after <c>data</c> and without <c>timestamp</c>, which only Kafka records carry.
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="inlined">When set, <c>data.message.base64</c> (or <c>data.message.base64Error</c>) to add.</param>
    public static byte[] Build(ReadOnlySpan<byte> eventBody, string destination, MediaInline? inlined = null)
    {
        using var document = JsonDocument.Parse(eventBody.ToArray());
        var buffer = new ArrayBufferWriter<byte>(eventBody.Length + destination.Length + 32);
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("timestamp"u8))
                {
                    continue;
                }

                if (property.NameEquals("data"u8) && inlined is not null && property.Value.ValueKind == JsonValueKind.Object)
                {
                    json.WritePropertyName("data"u8);
                    WriteDataWithMedia(json, property.Value, inlined);
                }
                else
                {
                    property.WriteTo(json);
                }

                if (property.NameEquals("data"u8))
                {
                    json.WriteString("destination"u8, destination);
                }
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDataWithMedia(Utf8JsonWriter json, JsonElement data, MediaInline inlined)
    {
        json.WriteStartObject();
        foreach (var property in data.EnumerateObject())
        {
            if (!property.NameEquals("message"u8) || property.Value.ValueKind != JsonValueKind.Object)
            {
                property.WriteTo(json);
                continue;
            }

            json.WriteStartObject("message"u8);
            foreach (var field in property.Value.EnumerateObject())
            {
                if (!field.NameEquals("base64"u8))
                {
                    field.WriteTo(json);
                }
            }

            if (inlined.Base64 is not null)
            {
                json.WriteString("base64"u8, inlined.Base64);
            }
            else
            {
                json.WriteString("base64Error"u8, inlined.Error);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}

/// <summary>The media of a message as base64, or why it could not be fetched.</summary>
public sealed record MediaInline(string? Base64, string? Error);
