using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>Which chat a message command addresses, for every stage that needs to know (spacing sends, answering REST).</summary>
public static class CommandRecipient
{
    /// <summary>The number or JID as the command carries it (normalised once the processor accepted it); empty for commands that address no chat.</summary>
    public static string Of(CommandEnvelope command) => command.CommandCase switch
    {
        Case.SendText => command.SendText.Number,
        Case.SendMedia => command.SendMedia.Number,
        Case.SendWhatsappAudio => command.SendWhatsappAudio.Number,
        Case.SendSticker => command.SendSticker.Number,
        Case.SendLocation => command.SendLocation.Number,
        Case.SendContact => command.SendContact.Number,
        Case.SendReaction => command.SendReaction.Key?.RemoteJid ?? "",
        Case.SendPoll => command.SendPoll.Number,
        Case.SendList => command.SendList.Number,
        Case.SendButtons => command.SendButtons.Number,
        Case.SendTemplate => command.SendTemplate.Number,
        Case.EditMessage => command.EditMessage.Number,
        _ => "",
    };
}
