using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// One sample event per Evolution event name, the envelopes behind the golden files in <c>Golden/</c>. Ids and times
/// are fixed so every body is byte-stable without normalising anything.
/// </summary>
public static class EventSamples
{
    public const string ServerUrl = "http://localhost:8080";
    public const string Instance = "my_instance";
    public const string InstanceId = "a5f1e3d2-0000-4000-8000-000000000001";

    /// <summary>The instance's own number: Evolution's <c>sender</c>.</summary>
    public const string Owner = "5511999999999@s.whatsapp.net";

    public const string Maria = "5511888888888@s.whatsapp.net";
    public const string Pedro = "5511777777777@s.whatsapp.net";
    public const string Group = "120363025246125244@g.us";
    public const string CommandId = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";

    /// <summary>2024-03-04T10:30:00.123Z; Evolution's <c>date_time</c> and <c>timestamp</c> both derive from it.</summary>
    public static Timestamp OccurredAt => Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 3, 4, 10, 30, 0, 123, TimeSpan.Zero));

    public static TheoryData<string> Names => [.. EvolutionEvents.All];

    /// <summary>A fresh envelope each call: protobuf messages are mutable.</summary>
    public static EventEnvelope For(string name) => name switch
    {
        "application.startup" => Envelope(name, e => e.ApplicationStartup = new() { Version = "0.1.0", ClientName = "evostream" }, sender: ""),
        "instance.create" => Envelope(name, e => e.InstanceCreate = new() { InstanceName = Instance, InstanceId = InstanceId, Integration = "WHATSAPP-BAILEYS" }, sender: ""),
        "instance.delete" => Envelope(name, e => e.InstanceDelete = new() { InstanceName = Instance, InstanceId = InstanceId }),
        "qrcode.updated" => Envelope(name, e => e.QrcodeUpdated = QrCode(), sender: ""),
        "connection.update" => Envelope(name, e => e.ConnectionUpdate = new()
        {
            Instance = Instance,
            State = "open",
            StatusReason = 200,
            Wuid = Owner,
            ProfileName = "Loja São João",
            ProfilePictureUrl = "https://pps.whatsapp.net/v/t61.24694-24/421_n.jpg?ccb=11-4&oh=01_Q5AaI&oe=65F0A1B2",
        }),
        "status.instance" => Envelope(name, e => e.StatusInstance = new() { Instance = Instance, Status = "closed" }),
        "messages.set" => Envelope(name, e => e.MessagesSet = new() { Messages = { Reaction(), Poll(), Location() }, IsLatest = false, Progress = 42.5 }),
        "messages.upsert" => Envelope(name, e => e.MessagesUpsert = GroupText()),
        "messages.edited" => Envelope(name, e => e.MessagesEdited = EditedText()),
        "messages.update" => Envelope(name, e => e.MessagesUpdate = new()
        {
            KeyId = "3EB0A0B1C2D3E4F5A6B7",
            RemoteJid = Group,
            FromMe = true,
            Participant = Maria,
            Status = "READ",
            InstanceId = InstanceId,
            MessageId = "3EB0A0B1C2D3E4F5A6B7",
        }),
        "messages.delete" => Envelope(name, e => e.MessagesDelete = new() { RemoteJid = Maria, FromMe = false, Id = "3EB0D1E2F3A4B5C6D7E8", Status = "DELETED" }),
        "send.message" => Envelope(name, e => e.SendMessage = ImageWithCaption(), causation: CommandId),
        "send.message.update" => Envelope(name, e => e.SendMessageUpdate = new()
        {
            KeyId = "3EB0F9E8D7C6B5A4F3E2",
            RemoteJid = Maria,
            FromMe = true,
            Status = "SERVER_ACK",
            InstanceId = InstanceId,
            MessageId = "3EB0F9E8D7C6B5A4F3E2",
        }, causation: CommandId),
        "contacts.set" => Envelope(name, e => e.ContactsSet = new()
        {
            Items =
            {
                new Contact { RemoteJid = Maria, PushName = "Maria Conceição", ProfilePicUrl = "https://pps.whatsapp.net/v/t61.24694-24/123_n.jpg?oh=01&oe=65F0", InstanceId = InstanceId },
                new Contact { RemoteJid = Pedro, InstanceId = InstanceId },
            },
        }),
        "contacts.upsert" => Envelope(name, e => e.ContactsUpsert = new() { Items = { new Contact { RemoteJid = Pedro, PushName = "Pedro Müller", InstanceId = InstanceId } } }),
        "contacts.update" => Envelope(name, e => e.ContactsUpdate = new() { Items = { new Contact { RemoteJid = Maria, PushName = "Maria C.", InstanceId = InstanceId } } }),
        "presence.update" => Envelope(name, e => e.PresenceUpdate = new()
        {
            Id = Group,
            Presences =
            {
                [Maria] = new Presence { LastKnownPresence = "composing" },
                [Pedro] = new Presence { LastKnownPresence = "unavailable", LastSeen = 1709548100 },
            },
        }),
        "chats.set" => Envelope(name, e => e.ChatsSet = new()
        {
            Items =
            {
                new Chat { RemoteJid = Maria, InstanceId = InstanceId, Name = "Maria Conceição", UnreadMessages = 2 },
                new Chat { RemoteJid = Group, InstanceId = InstanceId },
            },
        }),
        "chats.update" => Envelope(name, e => e.ChatsUpdate = new() { Items = { new Chat { RemoteJid = Maria, InstanceId = InstanceId, UnreadMessages = 0 } } }),
        "chats.upsert" => Envelope(name, e => e.ChatsUpsert = new() { Items = { new Chat { RemoteJid = Group, InstanceId = InstanceId, Name = "Equipe São Paulo" } } }),
        "chats.delete" => Envelope(name, e => e.ChatsDelete = new() { Items = { Pedro } }),
        "groups.upsert" => Envelope(name, e => e.GroupsUpsert = new() { Items = { TeamGroup() } }),
        "groups.update" => Envelope(name, e => e.GroupsUpdate = new() { Items = { AnnouncingTeamGroup() } }),
        "group-participants.update" => Envelope(name, e => e.GroupParticipantsUpdate = new() { Id = Group, Participants = { Pedro }, Action = "add" }),
        "call" => Envelope(name, e => e.Call = new()
        {
            Id = "D7E5B0C4A3F2E1D0C9B8A7F6E5D4C3B2",
            From = Maria,
            ChatId = Maria,
            IsGroup = false,
            IsVideo = true,
            Status = "offer",
            // WhatsApp gives call times in whole seconds; JavaScript's Date still writes .000.
            Date = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 3, 4, 10, 29, 58, TimeSpan.Zero)),
            Offline = false,
        }),
        "typebot.start" => Envelope(name, e => e.TypebotStart = new() { RemoteJid = Maria, Url = "https://typebot.example.com", Typebot = "atendimento" }),
        "typebot.change-status" => Envelope(name, e => e.TypebotChangeStatus = new() { RemoteJid = Maria, Status = "paused", Url = "https://typebot.example.com", Typebot = "atendimento" }),
        "labels.edit" => Envelope(name, e => e.LabelsEdit = new() { Id = "3", Name = "Cliente novo", Color = 2, Deleted = false, PredefinedId = "1" }),
        "labels.association" => Envelope(name, e => e.LabelsAssociation = new() { Type = "add", ChatId = Maria, LabelId = "3" }),
        "creds.update" => Envelope(name, e => e.CredsUpdate = new() { Instance = Instance }),
        "messaging-history.set" => Envelope(name, e => e.MessagingHistorySet = new()
        {
            Chats = { new Chat { RemoteJid = Maria, InstanceId = InstanceId, Name = "Maria Conceição", UnreadMessages = 1 } },
            Contacts = { new Contact { RemoteJid = Maria, PushName = "Maria Conceição", InstanceId = InstanceId } },
            Messages = { Document(), VoiceNote() },
            IsLatest = true,
            Progress = 100,
            SyncType = "INITIAL_BOOTSTRAP",
        }),
        "remove.instance" => Envelope(name, e => e.RemoveInstance = new() { InstanceName = Instance, InstanceId = InstanceId }),
        "logout.instance" => Envelope(name, e => e.LogoutInstance = new() { InstanceName = Instance, InstanceId = InstanceId }),
        EvolutionEvents.CommandRejected => Envelope(name, e => e.CommandRejected = new()
        {
            CommandId = CommandId,
            Command = "send_text",
            Reason = "number '55119' is not a WhatsApp number: expected 7 to 15 digits",
            Field = "number",
            IdempotencyKey = "order-4711-confirmation",
            Stage = "validation",
            HttpStatus = 400,
        }, causation: CommandId),
        EvolutionEvents.CommandAccepted => Envelope(name, e => e.CommandAccepted = new()
        {
            CommandId = CommandId,
            Command = "send_text",
            IdempotencyKey = "order-4711-confirmation",
            NotBefore = Timestamp.FromDateTime(new DateTime(2025, 3, 14, 9, 26, 53, DateTimeKind.Utc)),
            DelayReason = "drip",
        }, causation: CommandId),
        EvolutionEvents.CommandExecuted => Envelope(name, e => e.CommandExecuted = new()
        {
            CommandId = CommandId,
            Command = "send_text",
            MessageId = "3EB0C0FFEE0123456789AB",
            RemoteJid = "5511988887777@s.whatsapp.net",
        }, causation: CommandId),
        EvolutionEvents.CommandOutcomeUnknown => Envelope(name, e => e.CommandOutcomeUnknown = new()
        {
            CommandId = CommandId,
            Command = "send_text",
            Reason = "the connector stopped between sending and recording the send, and the driver cannot say whether it went out",
            MessageId = "3EB0C0FFEE0123456789AB",
        }, causation: CommandId),
        EvolutionEvents.InstanceConfigured => Envelope(name, e => e.InstanceConfigured = new()
        {
            InstanceName = Instance,
            InstanceId = InstanceId,
            Integration = "WHATSAPP-BAILEYS",
            TokenSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            Number = "5511999990000",
            Settings = new() { RejectCall = true, MsgCall = "I do not take calls", AlwaysOnline = true },
            Webhook = new() { Enabled = true, Url = "https://hooks.example.com/wa", Headers = { ["authorization"] = "enc:v1:k1:bm90LXJlYWxseS1zZWFsZWQ=" }, Events = { "MESSAGES_UPSERT" } },
            Kafka = new() { Enabled = true },
            Transport = "simulator",
        }, causation: CommandId),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No sample for this event: add one with its golden file."),
    };

    private static EventEnvelope Envelope(string name, Action<EventEnvelope> data, string sender = Owner, string causation = "")
    {
        var envelope = new EventEnvelope
        {
            EventId = $"evt-{name}",
            Event = name,
            Instance = Instance,
            OccurredAt = OccurredAt,
            CausationCommandId = causation,
            Sender = sender,
        };
        data(envelope);
        return envelope;
    }

    // A QR scanned without a phone number: Evolution then writes pairingCode as null.
    private static QrCodeUpdated QrCode() => new()
    {
        Qrcode = new()
        {
            Instance = Instance,
            Code = "2@y8eK+bjtEjUWy9/FOM8nYKHMEh2v9OQS0WrPl0pT9SQ=,oQX3DM6R7iW0cB/cs+1z2wYjfQx1ISoYmYbO5m3yMXk=,sDLqkVYkP6rfbVN5eH3jHQ==",
            Base64 = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        },
    };

    private static MessageKey Key(string remoteJid, bool fromMe, string id, string? participant = null)
    {
        var key = new MessageKey { RemoteJid = remoteJid, FromMe = fromMe, Id = id };
        if (participant is not null)
        {
            key.Participant = participant;
        }

        return key;
    }

    private static MessageRecord Record(MessageKey key, string pushName, string status, WaMessage message, string type, uint seconds, string source) => new()
    {
        Key = key,
        PushName = pushName,
        Status = status,
        Message = message,
        MessageType = type,
        MessageTimestamp = seconds,
        InstanceId = InstanceId,
        Source = source,
    };

    // A reply in a group: the author is the key's participant; non-ASCII text, with an emoji outside the BMP.
    private static MessageRecord GroupText()
    {
        var record = Record(Key(Group, false, "3EB0C431C26A1916E07D", participant: Maria), "Maria Conceição", "DELIVERY_ACK",
            new WaMessage { Conversation = "Olá, pessoal! Ça va? 日本語もOK 👋" }, "conversation", 1709548199, "android");
        record.ContextInfo = new ContextInfo
        {
            StanzaId = "3EB0B1A2C3D4E5F60718",
            Participant = Pedro,
            QuotedMessage = new WaMessage { Conversation = "Quem vem amanhã?" },
            MentionedJid = { Pedro },
        };
        return record;
    }

    private static MessageRecord EditedText() =>
        Record(Key(Maria, true, "3EB0E1D2C3B4A5F6E7D8"), "Você", "SERVER_ACK",
            new WaMessage { Conversation = "Correção: a reunião é às 15h" }, "conversation", 1709548180, "web");

    private static MessageRecord ImageWithCaption()
    {
        var image = new MediaMessage
        {
            Url = "https://mmg.whatsapp.net/o1/v/t62.7118-24/f1/m232/up-oil-image-abc.enc?ccb=9-4&oh=01_Q5Aa&oe=65F0",
            Mimetype = "image/jpeg",
            Caption = "Cardápio de março — promoção \"2 por 1\"",
            FileLength = 48213,
            Width = 1280,
            Height = 960,
            FileSha256 = "n1Nq0v6iWm3Hq8XkY2Z8bW1mS3a4Lr2Qd4N0Zy5uJfE=",
        };
        return Record(Key(Maria, true, "3EB0A0B1C2D3E4F5A6B7"), "Você", "PENDING",
            new WaMessage { ImageMessage = image, MediaUrl = "http://localhost:9000/evostream/my_instance/3EB0A0B1C2D3E4F5A6B7.jpeg" },
            "imageMessage", 1709548200, "web");
    }

    private static MessageRecord Reaction() =>
        Record(Key(Maria, false, "3EB0F0E1D2C3B4A5F6E7"), "Maria Conceição", "DELIVERY_ACK",
            new WaMessage { ReactionMessage = new() { Key = Key(Maria, true, "3EB0A0B1C2D3E4F5A6B7"), Text = "❤️", SenderTimestampMs = 1709548150123 } },
            "reactionMessage", 1709548150, "ios");

    private static MessageRecord Poll() =>
        Record(Key(Group, true, "3EB0C0FFEE0123456789"), "Você", "SERVER_ACK",
            new WaMessage
            {
                PollCreationMessage = new()
                {
                    Name = "Qual dia para a reunião?",
                    Options = { new PollCreationMessage.Types.Option { OptionName = "Segunda" }, new PollCreationMessage.Types.Option { OptionName = "Terça" } },
                    SelectableOptionsCount = 1,
                },
            },
            "pollCreationMessage", 1709548160, "web");

    private static MessageRecord Location() =>
        Record(Key(Maria, false, "3EB0AB12CD34EF56AB78"), "Maria Conceição", "READ",
            new WaMessage { LocationMessage = new() { DegreesLatitude = -23.5505199, DegreesLongitude = -46.6333094, Name = "Praça da Sé", Address = "Praça da Sé, São Paulo - SP" } },
            "locationMessage", 1709548170, "android");

    private static MessageRecord Document() =>
        Record(Key(Maria, false, "3EB0DDCC11223344AABB"), "Maria Conceição", "READ",
            new WaMessage
            {
                DocumentMessage = new()
                {
                    Url = "https://mmg.whatsapp.net/v/t62.7119-24/doc.enc",
                    Mimetype = "application/pdf",
                    FileName = "orçamento-2024.pdf",
                    FileLength = 1048576,
                },
            },
            "documentMessage", 1709461800, "android");

    // With the instance's base64 option on, media bytes travel inside the message.
    private static MessageRecord VoiceNote() =>
        Record(Key(Maria, false, "3EB0AA00BB11CC22DD33"), "Maria Conceição", "PLAYED",
            new WaMessage
            {
                AudioMessage = new() { Url = "https://mmg.whatsapp.net/v/t62.7117-24/ptt.enc", Mimetype = "audio/ogg; codecs=opus", FileLength = 11264, Seconds = 7, Ptt = true },
                Base64 = "T2dnUwACAAAAAAAAAAA=",
            },
            "audioMessage", 1709461860, "android");

    private static GroupMetadata TeamGroup() => new()
    {
        Id = Group,
        Subject = "Equipe São Paulo",
        SubjectOwner = Owner,
        SubjectTime = 1709000000,
        Size = 3,
        Creation = 1709000000,
        Owner = Owner,
        Desc = "Avisos da equipe\nSem spam, por favor.",
        DescId = "3EB0D35C1D2E",
        Restrict = false,
        Announce = false,
        Participants =
        {
            new GroupParticipant { Id = Owner, Admin = "superadmin" },
            new GroupParticipant { Id = Maria, Admin = "admin" },
            new GroupParticipant { Id = Pedro, Admin = "" },
        },
    };

    private static GroupMetadata AnnouncingTeamGroup()
    {
        var group = TeamGroup();
        group.Announce = true;
        return group;
    }
}
