using System.Text;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// A simulated conversation as the connector would log it: per instance, rounds of an inbound message, an accepted
/// send, the send, its execution, a status update, a chat update and a contact, on per-instance event topics.
/// </summary>
public sealed class ConversationFeed(string prefix, int instances)
{
    public static readonly string[] Kinds = ["messages.upsert", "send.message", "messages.update", "chats.update", "contacts.upsert", "command.accepted", "command.executed"];

    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public EventPublishing Publishing { get; } = new(prefix, PerInstanceTopics: true, GlobalTopics: false, "http://localhost:8080");

    public static string Instance(int i) => $"inst{i}";

    public void CreateTopics(BenchCluster cluster, int partitions)
    {
        for (var i = 0; i < instances; i++)
        {
            foreach (var kind in Kinds)
            {
                cluster.Kafka.CreateTopic(EvolutionTopics.PerInstance(prefix, Instance(i), kind), partitions, 3);
            }
        }
    }

    public void Produce(BenchCluster cluster, int total)
    {
        using var producer = cluster.Configs.ProducerBuilder<string, byte[]>(cluster.Configs.Producer("bench-conversation")).Build();
        for (var n = 0; n < total; n++)
        {
            foreach (var record in EventRecords.Json(Event(n), Publishing))
            {
                Produce(producer, record);
            }
        }

        producer.Flush(TimeSpan.FromMinutes(5));
    }

    public static Message<string, byte[]> Message(EventRecord record)
    {
        var message = new Message<string, byte[]> { Key = record.Key, Value = record.Value, Headers = [] };
        foreach (var (k, v) in record.Headers)
        {
            message.Headers.Add(k, Encoding.UTF8.GetBytes(v));
        }

        return message;
    }

    /// <summary>An inbound text for <paramref name="instance"/> with message id <paramref name="keyId"/>.</summary>
    public static EventEnvelope Inbound(int n, string instance, string keyId) =>
        Envelope(n, instance, e => e.MessagesUpsert = Message(keyId, 1, false, "ping", "DELIVERY_ACK", 0));

    private static void Produce(IProducer<string, byte[]> producer, EventRecord record)
    {
        var message = Message(record);
        while (true)
        {
            try
            {
                producer.Produce(record.Topic, message);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private EventEnvelope Event(int n)
    {
        var instance = Instance(n % instances);
        var contact = n / instances % 500;
        var round = n / instances / 7;
        var keyId = $"K{round:D8}C{contact}";
        return (n / instances % 7) switch
        {
            0 => Envelope(n, instance, e => e.MessagesUpsert = Message("I" + keyId, contact, false, $"hello {round}", "DELIVERY_ACK", n)),
            1 => Envelope(n, instance, e => e.CommandAccepted = new CommandAccepted { CommandId = $"c{instance}{keyId}", Command = "send_text", IdempotencyKey = keyId }),
            2 => Envelope(n, instance, e => e.SendMessage = Message("O" + keyId, contact, true, $"reply {round}", "PENDING", n)),
            3 => Envelope(n, instance, e => e.CommandExecuted = new CommandExecuted { CommandId = $"c{instance}{keyId}", Command = "send_text", MessageId = "O" + keyId }),
            4 => Envelope(n, instance, e => e.MessagesUpdate = new MessageUpdate { KeyId = "O" + keyId, RemoteJid = Jid(contact), FromMe = true, Status = "READ" }),
            5 => Envelope(n, instance, e => e.ChatsUpdate = new ChatList { Items = { new Chat { RemoteJid = Jid(contact), UnreadMessages = (uint)(round % 3) } } }),
            _ => Envelope(n, instance, e => e.ContactsUpsert = new ContactList { Items = { new Contact { RemoteJid = Jid(contact), PushName = $"Contact {contact}" } } }),
        };
    }

    private static EventEnvelope Envelope(int n, string instance, Action<EventEnvelope> data)
    {
        var envelope = new EventEnvelope { EventId = $"e{n}-{Guid.NewGuid():N}", Instance = instance, OccurredAt = Timestamp.FromDateTimeOffset(s_start.AddMilliseconds(n)) };
        data(envelope);
        return envelope;
    }

    private static string Jid(int contact) => $"55119{contact:D8}@s.whatsapp.net";

    private static MessageRecord Message(string keyId, int contact, bool fromMe, string text, string status, int n) => new()
    {
        Key = new MessageKey { Id = keyId, RemoteJid = Jid(contact), FromMe = fromMe },
        Status = status,
        Message = new WaMessage { Conversation = text },
        MessageType = "conversation",
        MessageTimestamp = (uint)(s_start.ToUnixTimeSeconds() + (n / 1000)),
        Source = "android",
    };
}
