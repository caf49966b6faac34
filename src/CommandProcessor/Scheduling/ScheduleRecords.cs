using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Evostream.Contracts.V1;
using Google.Protobuf;

namespace Evostream.CommandProcessor.Scheduling;

/// <summary>
/// The schedules topic's records: key = schedule id (the command id), value = the accepted <see cref="CommandEnvelope"/>
/// in Protobuf, headers = due time (absent while held until connected) and the delay reason. A tombstone removes it.
/// </summary>
internal static class ScheduleRecords
{
    public const string DueHeader = "due-unix-ms";
    public const string ReasonHeader = "delay-reason";

    public static Message<byte[]?, byte[]?> Write(ScheduledCommand entry)
    {
        var headers = new Headers { { ReasonHeader, Encoding.UTF8.GetBytes(entry.Reason) } };
        if (entry.Due is { } due)
        {
            headers.Add(DueHeader, Encoding.UTF8.GetBytes(due.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        }

        return new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(entry.ScheduleId), Value = entry.Command.ToByteArray(), Headers = headers };
    }

    public static byte[] Key(string scheduleId) => Encoding.UTF8.GetBytes(scheduleId);

    /// <summary>The entry a record holds, or null for a tombstone.</summary>
    /// <exception cref="FormatException">The record is not a schedule this processor wrote.</exception>
    public static ScheduledCommand? Read(Message<byte[]?, byte[]?> message, long sequence)
    {
        var id = message.Key is null ? throw new FormatException("a schedule record has no key") : Encoding.UTF8.GetString(message.Key);
        if (message.Value is null)
        {
            return null;
        }

        DateTimeOffset? due = null;
        if (message.Headers.TryGetLastBytes(DueHeader, out var dueBytes))
        {
            due = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Encoding.UTF8.GetString(dueBytes), CultureInfo.InvariantCulture));
        }

        var reason = message.Headers.TryGetLastBytes(ReasonHeader, out var reasonBytes) ? Encoding.UTF8.GetString(reasonBytes) : "";
        return new ScheduledCommand(id, CommandEnvelope.Parser.ParseFrom(message.Value), due, reason, sequence);
    }
}
