using Evostream.Connector.Drivers;
using Evostream.Contracts.V1;
using Kind = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Connector.Execution;

/// <summary>What each command needs from the transport, and which ones change WhatsApp in a way a redo would repeat.</summary>
public static class CommandEffects
{
    /// <summary>
    /// Sends and group changes happen once on WhatsApp: an "attempting" ledger entry commits before them. Lifecycle
    /// and configuration commands only write Kafka state, and reads, presence and receipts are harmless to repeat.
    /// </summary>
    public static bool NeedsIntent(Kind kind) => kind switch
    {
        Kind.SendText or Kind.SendMedia or Kind.SendWhatsappAudio or Kind.SendSticker or Kind.SendLocation or Kind.SendContact
            or Kind.SendReaction or Kind.SendPoll or Kind.SendList or Kind.SendButtons or Kind.SendTemplate => true,
        Kind.CreateTemplate => true,
        Kind.DeleteMessageForEveryone or Kind.EditMessage => true,
        Kind.CreateGroup or Kind.UpdateGroupSubject or Kind.UpdateGroupDescription or Kind.UpdateGroupPicture
            or Kind.UpdateGroupParticipants or Kind.LeaveGroup => true,
        _ => false,
    };

    public static DriverCapabilities Required(CommandEnvelope command) => command.CommandCase switch
    {
        Kind.ConnectInstance => command.ConnectInstance.Number.Length > 0 ? DriverCapabilities.PairingCode : DriverCapabilities.QrLinking,
        Kind.SetPresence or Kind.SendPresence => DriverCapabilities.Presence,
        Kind.SendText => DriverCapabilities.SendText,
        Kind.SendMedia or Kind.SendWhatsappAudio or Kind.SendSticker or Kind.SendLocation or Kind.SendContact => DriverCapabilities.SendMedia,
        Kind.SendPoll => DriverCapabilities.SendInteractive | DriverCapabilities.Polls,
        Kind.SendList or Kind.SendButtons => DriverCapabilities.SendInteractive,
        Kind.SendReaction => DriverCapabilities.Reactions,
        Kind.EditMessage or Kind.DeleteMessageForEveryone => DriverCapabilities.EditAndDelete,
        Kind.MarkMessagesRead => DriverCapabilities.ReadReceipts,
        Kind.ArchiveChat => DriverCapabilities.ArchiveChats,
        Kind.CheckNumbers => DriverCapabilities.CheckNumbers,
        Kind.SendTemplate or Kind.CreateTemplate or Kind.FindTemplates => DriverCapabilities.Templates,
        Kind.CreateGroup or Kind.UpdateGroupSubject or Kind.UpdateGroupDescription or Kind.UpdateGroupPicture
            or Kind.UpdateGroupParticipants or Kind.FetchGroupInviteCode or Kind.LeaveGroup => DriverCapabilities.Groups,
        _ => DriverCapabilities.None,
    };

    /// <summary>Missing capabilities in words, for the rejection a user reads.</summary>
    public static string Describe(DriverCapabilities missing)
    {
        List<string> words = [];
        foreach (var (flag, text) in s_words)
        {
            if ((missing & flag) != 0)
            {
                words.Add(text);
            }
        }

        return words.Count == 0 ? missing.ToString() : string.Join(", ", words);
    }

    private static readonly (DriverCapabilities Flag, string Text)[] s_words =
    [
        (DriverCapabilities.QrLinking, "QR codes (the number is linked where the transport is set up)"),
        (DriverCapabilities.PairingCode, "pairing codes"),
        (DriverCapabilities.SendText, "text sends"),
        (DriverCapabilities.SendMedia, "media sends"),
        (DriverCapabilities.SendInteractive, "lists or buttons"),
        (DriverCapabilities.Polls, "polls"),
        (DriverCapabilities.Reactions, "reactions"),
        (DriverCapabilities.EditAndDelete, "editing or deleting sent messages"),
        (DriverCapabilities.Presence, "presence"),
        (DriverCapabilities.ReadReceipts, "read receipts"),
        (DriverCapabilities.Groups, "group management"),
        (DriverCapabilities.ArchiveChats, "chat archiving"),
        (DriverCapabilities.CheckNumbers, "number checks"),
        (DriverCapabilities.Templates, "Meta message templates (WHATSAPP-BUSINESS only)"),
    ];
}
