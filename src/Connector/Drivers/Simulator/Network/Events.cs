using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Connector.Drivers.Simulator.Network;

/// <summary>
/// Builds event envelopes with their Evolution data. The connector stamps event ids and the causing command, so
/// those stay empty here; the time is the network clock's.
/// </summary>
internal static class Events
{
    public static EventEnvelope Envelope(string name, string instance, string sender, DateTimeOffset at, Action<EventEnvelope> data)
    {
        var envelope = new EventEnvelope
        {
            Event = name,
            Instance = instance,
            OccurredAt = Timestamp.FromDateTimeOffset(at),
            Sender = sender,
        };
        data(envelope);
        return envelope;
    }

    public static MessageKey Key(string remoteJid, bool fromMe, string id, string? participant = null)
    {
        var key = new MessageKey { RemoteJid = remoteJid, FromMe = fromMe, Id = id };
        if (participant is not null)
        {
            key.Participant = participant;
        }

        return key;
    }

    public static MessageUpdate Receipt(MessageKey key, string status, string instanceId)
    {
        var update = new MessageUpdate
        {
            KeyId = key.Id,
            RemoteJid = key.RemoteJid,
            FromMe = key.FromMe,
            Status = status,
            InstanceId = instanceId,
            MessageId = key.Id,
        };
        if (key.HasParticipant)
        {
            update.Participant = key.Participant;
        }

        return update;
    }

    /// <summary>Evolution's messageType: the name of the set WaMessage field.</summary>
    public static string MessageType(WaMessage message) => message.ContentCase switch
    {
        WaMessage.ContentOneofCase.Conversation => "conversation",
        WaMessage.ContentOneofCase.ImageMessage => "imageMessage",
        WaMessage.ContentOneofCase.VideoMessage => "videoMessage",
        WaMessage.ContentOneofCase.AudioMessage => "audioMessage",
        WaMessage.ContentOneofCase.DocumentMessage => "documentMessage",
        WaMessage.ContentOneofCase.StickerMessage => "stickerMessage",
        WaMessage.ContentOneofCase.LocationMessage => "locationMessage",
        WaMessage.ContentOneofCase.ContactMessage => "contactMessage",
        WaMessage.ContentOneofCase.ContactsArrayMessage => "contactsArrayMessage",
        WaMessage.ContentOneofCase.ReactionMessage => "reactionMessage",
        WaMessage.ContentOneofCase.PollCreationMessage => "pollCreationMessage",
        WaMessage.ContentOneofCase.ListMessage => "listMessage",
        WaMessage.ContentOneofCase.ButtonsMessage => "buttonsMessage",
        _ => "unknown",
    };
}
