using System.Text.Json;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Commands;

/// <summary>Reads one command's body (the fields beside the envelope's) into its message on the envelope.</summary>
internal delegate void ReadBody(JsonBodyReader reader, JsonElement body, CommandEnvelope envelope);

/// <summary>Writes one command's body fields into the open top-level object.</summary>
internal delegate void WriteBody(Utf8JsonWriter json, CommandEnvelope envelope);

/// <summary>One command kind's JSON form, built once: its name, the top-level fields it takes, and its body mapping.</summary>
/// <param name="body">The fields of Evolution's REST body for the command; the envelope's are added to them.</param>
internal sealed class CommandCodec(CommandEnvelope.CommandOneofCase kind, JsonFields body, ReadBody read, WriteBody write)
{
    /// <summary>The envelope's own fields, which every command takes beside its body.</summary>
    public static JsonFields EnvelopeFields { get; } = new("command", "instance", "idempotencyKey", "commandId", "issuedAt");

    public CommandEnvelope.CommandOneofCase Kind => kind;

    public string Name { get; } = CommandNames.NameOf(kind);

    public JsonFields Fields { get; } = EnvelopeFields.And(body);

    public ReadBody Read => read;

    public WriteBody Write => write;
}
