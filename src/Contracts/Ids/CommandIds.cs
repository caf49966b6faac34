using System.Security.Cryptography;
using System.Text;

namespace Evostream.Contracts.Ids;

/// <summary>
/// Every identifier Evostream derives instead of drawing at random. Each is a pure function of where a command sits in
/// the log or of its command id, so processing the same record again (after an abort, a crash or a rebalance) gives the
/// very same ids: the connector's at-most-once ledger recognises a redo, and consumers can deduplicate events by id.
/// The processor and the connector both derive here, so one command means one instance id whichever stage fills it in.
/// </summary>
public static class CommandIds
{
    /// <summary>The command id of a record whose producer gave none, from its topic, partition and offset.</summary>
    public static string ForRecord(string topic, int partition, long offset) => Derive($"command|{topic}|{partition}|{offset}");

    /// <summary>The instance id a <c>createInstance</c> gets when its producer gave none.</summary>
    public static string InstanceId(string commandId) => Derive("instance|" + commandId);

    /// <summary>The id of the event named <paramref name="eventName"/> that the command processor wrote for a command.</summary>
    public static string EventId(string commandId, string eventName) => Derive($"event|{commandId}|{eventName}");

    /// <summary>
    /// The id of the <paramref name="index"/>-th event the connector wrote for a command. The '#' keeps these apart from
    /// the processor's named events (no event name starts with '#').
    /// </summary>
    public static string EventId(string commandId, int index) => Derive($"event|{commandId}|#{index}");

    /// <summary>
    /// A Baileys-like WhatsApp message key id: "3EB0" and 18 upper-case hex characters. The transport may have stored it
    /// before a crash and is asked for it after the restart, so its derivation must never change.
    /// </summary>
    public static string MessageId(string commandId) => "3EB0" + Convert.ToHexString(Hash(commandId))[..18];

    // A UUID (version 8, RFC 9562 custom) from a SHA-256, so derived ids look like the random ones the Api assigns.
    private static string Derive(string text)
    {
        var hash = Hash(text);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
