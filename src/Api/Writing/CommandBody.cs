using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;

namespace Evostream.Api.Writing;

/// <summary>A REST body turned into a command, or the reason it cannot be one (naming the field).</summary>
public sealed record BodyRead(CommandEnvelope? Envelope, string? Error);

/// <summary>
/// Turns an Evolution REST body into a JSON command (<see cref="CommandJson"/>): the route supplies the command name and
/// the instance from the path, query values Evolution merges into its DTO, and the body supplies the rest.
/// </summary>
public static class CommandBody
{
    // The envelope's fields come from the route and the headers, never from a REST body.
    private static readonly string[] s_envelopeFields = ["command", "instance", "commandId", "idempotencyKey", "issuedAt", "tokenSha256", "accessTokenSealed", "baileysAuthSealed"];

    /// <param name="instance">The path's instance; null for create, whose body names it.</param>
    /// <param name="extra">Values from the query string; a body field of the same name wins, as in Evolution.</param>
    public static BodyRead Read(string command, string? instance, ReadOnlyMemory<byte> body, JsonObject? extra = null)
    {
        JsonDocument? document = null;
        try
        {
            if (!IsBlank(body.Span))
            {
                try
                {
                    document = JsonDocument.Parse(body);
                }
                catch (JsonException e)
                {
                    return new BodyRead(null, $"The body is not valid JSON: {e.Message}");
                }

                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return new BodyRead(null, "The body must be a JSON object.");
                }

                foreach (var name in s_envelopeFields)
                {
                    if (document.RootElement.TryGetProperty(name, out _))
                    {
                        return new BodyRead(null, $"'{name}' is not a field of {command}.");
                    }
                }
            }

            var json = new ArrayBufferWriter<byte>(body.Length + 256);
            using (var writer = new Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                writer.WriteString("command"u8, command);
                if (instance is not null)
                {
                    writer.WriteString("instance"u8, instance);
                }

                if (document is not null)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        property.WriteTo(writer);
                    }
                }

                foreach (var (name, value) in extra ?? [])
                {
                    if (document is null || !document.RootElement.TryGetProperty(name, out _))
                    {
                        writer.WritePropertyName(name);
                        if (value is null)
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            value.WriteTo(writer);
                        }
                    }
                }

                writer.WriteEndObject();
            }

            var read = CommandJson.Read(json.WrittenMemory);
            return read.IsValid ? new BodyRead(read.Envelope, null) : new BodyRead(null, read.Error.Message);
        }
        finally
        {
            document?.Dispose();
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
