namespace Evostream.Connector.Drivers;

/// <summary>What a transport can do; a command needing a missing capability is rejected with the reason, never faked.</summary>
[Flags]
public enum DriverCapabilities
{
    None = 0,
    QrLinking = 1 << 0,
    PairingCode = 1 << 1,
    SendText = 1 << 2,
    SendMedia = 1 << 3,
    SendInteractive = 1 << 4,   // polls, lists, buttons
    Reactions = 1 << 5,
    EditAndDelete = 1 << 6,
    Presence = 1 << 7,
    ReadReceipts = 1 << 8,
    Groups = 1 << 9,
    ArchiveChats = 1 << 10,
    CheckNumbers = 1 << 11,
    /// <summary>The transport can answer <see cref="IWhatsAppSession.CheckSentAsync"/> with Sent or NotSent.</summary>
    SendLookup = 1 << 12,
    /// <summary>Polls, beside <see cref="SendInteractive"/>: the Cloud API has lists and buttons but no polls.</summary>
    Polls = 1 << 13,
    /// <summary>Meta's message templates (send, create, find): the Cloud API's alone.</summary>
    Templates = 1 << 14,
    All = (1 << 15) - 1,
}
