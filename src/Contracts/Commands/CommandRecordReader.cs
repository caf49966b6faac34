using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;

namespace Evostream.Contracts.Commands;

/// <summary>
/// Reads a record from a commands topic, whichever form its producer chose: Evolution-style JSON or Protobuf in the
/// Confluent wire format. Bad input of either form becomes an invalid result naming the problem, never an exception;
/// only infrastructure failures (an unreachable Schema Registry) throw, so they can be retried.
/// </summary>
public sealed class CommandRecordReader(ProtobufWireDeserializer<CommandEnvelope> protobuf)
{
    public async ValueTask<CommandReadResult> ReadAsync(ReadOnlyMemory<byte> record, CancellationToken ct = default)
    {
        try
        {
            if (RecordFormats.Detect(record.Span) == RecordFormat.Json)
            {
                return CommandJson.Read(record);
            }

            return Check(await protobuf.DeserializeAsync(record, ct));
        }
        catch (WireFormatException e)
        {
            return CommandReadResult.Invalid(new CommandJsonError("", "is not a readable record: " + e.Message), default);
        }
    }

    // The same structural rules the JSON reader applies, so both forms reach the processor equally well-formed.
    private static CommandReadResult Check(CommandEnvelope envelope)
    {
        var header = new CommandHeader(
            envelope.CommandCase == CommandEnvelope.CommandOneofCase.None ? "" : CommandNames.NameOf(envelope.CommandCase),
            envelope.Instance, envelope.IdempotencyKey, envelope.CommandId);
        if (header.Command.Length == 0)
        {
            return CommandReadResult.Invalid(new CommandJsonError("command", "is missing: the envelope sets none of the command kinds"), header);
        }

        return envelope.Instance.Length == 0
            ? CommandReadResult.Invalid(new CommandJsonError("instance", "is required"), header)
            : CommandReadResult.Valid(envelope, header.Command);
    }
}
