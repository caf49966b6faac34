using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;

namespace Evostream.Projections.Reading;

/// <summary>
/// A record of the processor's rejected-commands topic as the <c>command.rejected</c> event it stands for. A command
/// for an instance that does not exist (a typo, a deleted one, a name Kafka cannot hold) has no instance topics for its
/// event, so this record is the only trace of the refusal; read back, it lets <c>GET /commands/{id}</c> and the
/// waiting REST call answer with the reason instead of "unknown".
/// </summary>
public static class RejectedCommandRecord
{
    /// <summary>The event, or null when the record lacks the processor's headers (then it is not one of its rejections).</summary>
    public static EventEnvelope? ToEvent(ConsumeResult<byte[]?, byte[]?> record)
    {
        var headers = record.Message.Headers;
        if (Header(headers, CommandHeaders.CommandId) is not { Length: > 0 } commandId || Header(headers, CommandHeaders.RejectionReason) is not { } reason)
        {
            return null;
        }

        var rejected = new CommandRejected { CommandId = commandId, Command = Header(headers, CommandHeaders.Command) ?? "", Reason = reason, Stage = "validation" };
        if (Header(headers, CommandHeaders.RejectionField) is { Length: > 0 } field)
        {
            rejected.Field = field;
        }

        if (int.TryParse(Header(headers, CommandHeaders.HttpStatus), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            rejected.HttpStatus = status;
        }

        if (Header(headers, CommandHeaders.DuplicateOf) is { Length: > 0 } original)
        {
            rejected.DuplicateOf = original;
        }

        return new EventEnvelope
        {
            EventId = $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}",
            Instance = record.Message.Key is { Length: > 0 } key ? Encoding.UTF8.GetString(key) : "",
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(record.Message.Timestamp.UtcDateTime),
            CommandRejected = rejected,
        };
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
