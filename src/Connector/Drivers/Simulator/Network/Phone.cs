namespace Evostream.Connector.Drivers.Simulator.Network;

/// <summary>A WhatsApp account on the network: a contact, or a number linked to an instance. Created on first use.</summary>
internal sealed class Phone(string number)
{
    public string Number { get; } = number;

    public string Jid => Jids.User(Number);

    public string? PushName { get; set; }

    /// <summary>The companion device currently linked (0: none). Credentials for any other device are stale.</summary>
    public int Device { get; set; }

    /// <summary>This network saw the number unlink, so an old device's credentials must not re-announce it.</summary>
    public bool Unlinked { get; set; }

    public DateTimeOffset? FirstLinkedAt { get; set; }

    /// <summary>The session connected as this number right now: WhatsApp keeps one connection per number.</summary>
    public SimulatorSession? Live { get; set; }

    public bool Banned { get; set; }

    public string Presence { get; set; } = "unavailable";

    // Sending limits, only touched by numbers that send.
    public long SendDay { get; set; } = -1;

    public int SentToday { get; set; }

    public int Strikes { get; set; }

    public Dictionary<string, PairBudget>? Pairs { get; set; }

    /// <summary>Chats this number has seen, so contacts.upsert and chats.upsert come once per chat.</summary>
    public HashSet<string>? KnownChats { get; set; }
}

/// <summary>A token bucket for one sender-recipient pair.</summary>
internal sealed class PairBudget
{
    public double Tokens { get; set; }

    public DateTimeOffset Updated { get; set; }
}

/// <summary>An outbound message not yet read: the network still owes its sender receipts.</summary>
internal sealed record SentMessage(string From, string RemoteJid, string Id, bool Voice);

internal sealed class Group(string jid, string subject, string owner, uint creation)
{
    public string Jid { get; } = jid;

    public string Subject { get; set; } = subject;

    public string? Description { get; set; }

    public string Owner { get; } = owner;

    public uint Creation { get; } = creation;

    public uint SubjectTime { get; set; } = creation;

    /// <summary>Member number to role: "" member, admin, superadmin.</summary>
    public SortedDictionary<string, string> Members { get; } = new(StringComparer.Ordinal);

    public string? InviteCode { get; set; }
}
