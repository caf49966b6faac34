using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;

namespace Evostream.CommandProcessor.Intake;

/// <summary>
/// Ids the processor assigns when a producer left them out. They derive from where the command sits in the log, so
/// processing the same record again (after an abort or a restart) gives the same id, and the connector's at-most-once
/// ledger, keyed by command id, still recognises it.
/// </summary>
internal static class CommandIds
{
    public static string ForRecord(TopicPartitionOffset position) =>
        Derive($"command|{position.Topic}|{position.Partition.Value}|{position.Offset.Value}");

    public static string InstanceIdFor(string commandId) => Derive("instance|" + commandId);

    public static string EventId(string commandId, string eventName) => Derive($"event|{commandId}|{eventName}");

    // A UUID (version 8, RFC 9562 custom) from a SHA-256, so the ids look like the ones the Api assigns.
    private static string Derive(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
