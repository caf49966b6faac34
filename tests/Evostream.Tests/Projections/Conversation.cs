using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Projections;

/// <summary>Realistic event sequences with unique ids and times that move forward, so every event has its own version.</summary>
internal sealed class Conversation(string instance = "shop")
{
    private static readonly DateTimeOffset s_start = new(2025, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private int _clock;

    public string Instance { get; } = instance;

    public static string Jid(int contact) => $"55119{contact:D8}@s.whatsapp.net";

    public EventEnvelope Event(Action<EventEnvelope> data, string causation = "", int? secondsOverride = null)
    {
        var tick = secondsOverride ?? ++_clock;
        var envelope = new EventEnvelope
        {
            EventId = $"{Instance}-evt-{Guid.NewGuid():N}",
            Instance = Instance,
            OccurredAt = Timestamp.FromDateTimeOffset(s_start.AddSeconds(tick)),
            CausationCommandId = causation,
            Sender = "5511999999999@s.whatsapp.net",
        };
        data(envelope);
        return envelope;
    }

    public EventEnvelope Inbound(string keyId, int contact, string text) => Event(e => e.MessagesUpsert = Record(keyId, Jid(contact), false, text, "DELIVERY_ACK"));

    public EventEnvelope Sent(string keyId, int contact, string text, string commandId) =>
        Event(e => e.SendMessage = Record(keyId, Jid(contact), true, text, "PENDING"), causation: commandId);

    public EventEnvelope Status(string keyId, int contact, string status, int? at = null) =>
        Event(e => e.MessagesUpdate = new MessageUpdate { KeyId = keyId, RemoteJid = Jid(contact), FromMe = true, Status = status, InstanceId = "iid", MessageId = keyId }, secondsOverride: at);

    public EventEnvelope ChatUnread(int contact, uint unread) =>
        Event(e => e.ChatsUpdate = new ChatList { Items = { new Chat { RemoteJid = Jid(contact), InstanceId = "iid", UnreadMessages = unread } } });

    public EventEnvelope ContactName(int contact, string name) =>
        Event(e => e.ContactsUpsert = new ContactList { Items = { new Contact { RemoteJid = Jid(contact), PushName = name, InstanceId = "iid" } } });

    /// <summary>A chat with <paramref name="contact"/>: inbound message, a reply sent by command with its outcome and statuses, names and counts.</summary>
    public IEnumerable<EventEnvelope> Exchange(int contact, int round)
    {
        var inbound = $"IN{contact:D4}R{round:D4}";
        var outbound = $"OUT{contact:D4}R{round:D4}";
        var command = $"cmd-{Instance}-{contact}-{round}";
        yield return ContactName(contact, $"Contact {contact} v{round}");
        yield return Inbound(inbound, contact, $"hello {round}");
        yield return ChatUnread(contact, 1);
        yield return Event(e => e.CommandAccepted = new CommandAccepted { CommandId = command, Command = "send_text", IdempotencyKey = "k-" + command }, command);
        yield return Sent(outbound, contact, $"reply {round}", command);
        yield return Event(e => e.CommandExecuted = new CommandExecuted { CommandId = command, Command = "send_text", MessageId = outbound, RemoteJid = Jid(contact) }, command);
        yield return Status(outbound, contact, "SERVER_ACK");
        yield return Status(outbound, contact, "DELIVERY_ACK");
        yield return Status(outbound, contact, "READ");
        yield return ChatUnread(contact, 0);
    }

    private MessageRecord Record(string keyId, string jid, bool fromMe, string text, string status) => new()
    {
        Key = new MessageKey { Id = keyId, RemoteJid = jid, FromMe = fromMe },
        PushName = fromMe ? "" : "Someone",
        Status = status,
        Message = new WaMessage { Conversation = text },
        MessageType = "conversation",
        MessageTimestamp = (uint)(s_start.ToUnixTimeSeconds() + _clock),
        InstanceId = "iid",
        Source = "android",
    };
}
