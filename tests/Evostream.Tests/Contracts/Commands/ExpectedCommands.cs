using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.Commands;

/// <summary>The envelope each fixture must read into, written out field by field from the fixture's REST body.</summary>
public static class ExpectedCommands
{
    private const string Number = "5511999999999";
    private const string Chat = "5511999999999@s.whatsapp.net";
    private const string Group = "120363025246125888@g.us";

    public static IReadOnlyDictionary<string, CommandEnvelope> ByName { get; } = new Dictionary<string, CommandEnvelope>
    {
        ["createInstance"] = Envelope(e =>
        {
            e.IdempotencyKey = "create-shop-1";
            e.CreateInstance = new CreateInstance
            {
                InstanceId = "a5f1e3d2-0000-4000-8000-000000000001",
                TokenSha256 = "61b40e04dfcbc8f3b7e139fd7734f72ea6516a9dfef5b1f4cf7c22a64ce440d2", // SHA-256 of "shop-1-token"
                Number = Number,
                Qrcode = true,
                Integration = "WHATSAPP-BAILEYS",
                Settings = new InstanceSettings { RejectCall = true, MsgCall = "I can't take calls here", GroupsIgnore = true, HoldUntilConnected = true },
                Webhook = Webhook(),
                Kafka = Kafka(),
            };
        }),
        ["connectInstance"] = Envelope(e => e.ConnectInstance = new ConnectInstance { Number = Number }),
        ["restartInstance"] = Envelope(e => e.RestartInstance = new RestartInstance()),
        ["logoutInstance"] = Envelope(e =>
        {
            e.CommandId = "7d2c1e5a-3b4f-4e6a-9c8d-0f1e2d3c4b5a";
            e.LogoutInstance = new LogoutInstance();
        }),
        ["deleteInstance"] = Envelope(e =>
        {
            e.IssuedAt = At(2024, 3, 4, 10, 30, 0, 0);
            e.DeleteInstance = new DeleteInstance();
        }),
        ["setPresence"] = Envelope(e => e.SetPresence = new SetPresence { Presence = "available" }),
        ["sendText"] = Envelope(e =>
        {
            e.IdempotencyKey = "order-42";
            e.CommandId = "0b9c4a4e-8d1f-4c55-9d7e-2f1a3c5b7d90";
            e.IssuedAt = At(2024, 3, 4, 10, 30, 0, 123);
            e.SendText = new SendText
            {
                Number = Number,
                Text = "Hello",
                Options = new SendOptions
                {
                    DelayMs = 1200,
                    LinkPreview = true,
                    Quoted = new Quoted { Key = Received(), Message = new WaMessage { Conversation = "Where is my order?" } },
                    SendAt = At(2024, 3, 4, 12, 0, 0, 0),
                },
            };
        }),
        ["sendMedia"] = Envelope(e => e.SendMedia = new SendMedia
        {
            Number = Group,
            Mediatype = "image",
            Mimetype = "image/png",
            Url = "https://cdn.example.com/catalog/item-42.png",
            FileName = "item-42.png",
            Caption = "New in stock",
            Options = new SendOptions { MentionsEveryone = true, Mentioned = { "5511888888888" } },
        }),
        ["sendWhatsAppAudio"] = Envelope(e => e.SendWhatsappAudio = new SendWhatsAppAudio
        {
            Number = Number,
            Data = ByteString.CopyFrom(0x4F, 0x67, 0x67, 0x53, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0), // the start of an Ogg page
            Options = new SendOptions { DelayMs = 3000 },
        }),
        ["sendSticker"] = Envelope(e => e.SendSticker = new SendSticker
        {
            Number = Number,
            Url = "https://cdn.example.com/stickers/thanks.webp",
            Options = new SendOptions(),
        }),
        ["sendLocation"] = Envelope(e => e.SendLocation = new SendLocation
        {
            Number = Number,
            Name = "Shop 1",
            Address = "Av. Paulista, 1578 - São Paulo",
            Latitude = -23.5613,
            Longitude = -46.6565,
            Options = new SendOptions(),
        }),
        ["sendContact"] = Envelope(e => e.SendContact = new SendContact
        {
            Number = Number,
            Contact =
            {
                new ContactCard
                {
                    FullName = "Support", Wuid = "5511777777777", PhoneNumber = "+55 11 77777-7777",
                    Organization = "Shop 1", Email = "support@example.com", Url = "https://example.com",
                },
                new ContactCard { FullName = "Sales", PhoneNumber = "+55 11 66666-6666" },
            },
            Options = new SendOptions(),
        }),
        ["sendReaction"] = Envelope(e => e.SendReaction = new SendReaction { Key = Received(), Reaction = "👍" }),
        ["sendPoll"] = Envelope(e => e.SendPoll = new SendPoll
        {
            Number = Number,
            Name = "Delivery window?",
            SelectableCount = 1,
            Values = { "Morning", "Afternoon", "Evening" },
            Options = new SendOptions(),
        }),
        ["sendList"] = Envelope(e => e.SendList = new SendList
        {
            Number = Number,
            Title = "Menu",
            Description = "Choose a category",
            ButtonText = "Open menu",
            FooterText = "Shop 1",
            Sections =
            {
                new ListMessage.Types.Section
                {
                    Title = "Drinks",
                    Rows =
                    {
                        new ListMessage.Types.Row { Title = "Coffee", Description = "Espresso, latte", RowId = "drinks-coffee" },
                        new ListMessage.Types.Row { Title = "Tea", RowId = "drinks-tea" },
                    },
                },
            },
            Options = new SendOptions(),
        }),
        ["sendButtons"] = Envelope(e => e.SendButtons = new SendButtons
        {
            Number = Number,
            Title = "Order #42",
            Description = "Your order is ready",
            Footer = "Shop 1",
            Buttons =
            {
                new ButtonsMessage.Types.Button { Type = "reply", DisplayText = "Pick up", Id = "pickup" },
                new ButtonsMessage.Types.Button { Type = "copy", DisplayText = "Copy code", CopyCode = "ORDER42" },
                new ButtonsMessage.Types.Button { Type = "url", DisplayText = "Track", Url = "https://example.com/track/42" },
                new ButtonsMessage.Types.Button { Type = "call", DisplayText = "Call us", PhoneNumber = "5511777777777" },
            },
            Options = new SendOptions(),
        }),
        ["sendTemplate"] = Envelope(e => e.SendTemplate = new SendTemplate
        {
            Number = Number,
            Name = "order_update",
            Language = "pt_BR",
            ComponentsJson = """[{"type":"body","parameters":[{"type":"text","text":"John"}]}]""",
            Options = new SendOptions(),
        }),
        ["markMessageAsRead"] = Envelope(e => e.MarkMessagesRead = new MarkMessagesRead
        {
            ReadMessages =
            {
                Received(),
                new MessageKey { RemoteJid = Group, FromMe = false, Id = "3EB0AA11BB22CC33", Participant = "5511888888888@s.whatsapp.net" },
            },
        }),
        ["archiveChat"] = Envelope(e => e.ArchiveChat = new ArchiveChat { LastMessage = Received(), Chat = Chat, Archive = true }),
        ["deleteMessageForEveryone"] = Envelope(e => e.DeleteMessageForEveryone = new DeleteMessageForEveryone
        {
            Key = new MessageKey { RemoteJid = Group, FromMe = true, Id = "BAE5F2D1C0A1B2C3", Participant = Chat },
        }),
        ["updateMessage"] = Envelope(e => e.EditMessage = new EditMessage
        {
            Number = Number,
            Key = new MessageKey { RemoteJid = Chat, FromMe = true, Id = "BAE5F2D1C0A1B2C3" },
            Text = "Hello, corrected",
        }),
        ["sendPresence"] = Envelope(e => e.SendPresence = new SendPresence { Number = Number, Presence = "composing", DelayMs = 1200 }),
        ["whatsappNumbers"] = Envelope(e => e.CheckNumbers = new CheckNumbers { Numbers = { Number, "5511888888888" } }),
        ["createGroup"] = Envelope(e => e.CreateGroup = new CreateGroup
        {
            Subject = "Shop 1 VIP",
            Description = "Early access to offers",
            Participants = { Number, "5511888888888" },
        }),
        ["updateGroupSubject"] = Envelope(e => e.UpdateGroupSubject = new UpdateGroupSubject { GroupJid = Group, Subject = "Shop 1 VIP (2024)" }),
        ["updateGroupDescription"] = Envelope(e => e.UpdateGroupDescription = new UpdateGroupDescription { GroupJid = Group, Description = "Offers every Friday" }),
        ["updateGroupPicture"] = Envelope(e => e.UpdateGroupPicture = new UpdateGroupPicture
        {
            GroupJid = Group,
            Data = ByteString.CopyFrom(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A), // the PNG signature
        }),
        ["updateParticipant"] = Envelope(e => e.UpdateGroupParticipants = new UpdateGroupParticipants
        {
            GroupJid = Group,
            Action = "promote",
            Participants = { "5511888888888" },
        }),
        ["inviteCode"] = Envelope(e => e.FetchGroupInviteCode = new FetchGroupInviteCode { GroupJid = Group }),
        ["leaveGroup"] = Envelope(e => e.LeaveGroup = new LeaveGroup { GroupJid = Group }),
        ["setWebhook"] = Envelope(e => e.SetWebhook = new SetWebhook { Webhook = Webhook() }),
        ["setKafka"] = Envelope(e => e.SetKafka = new SetKafka { Kafka = Kafka() }),
        ["setWebsocket"] = Envelope(e => e.SetWebsocket = new SetWebsocket { Websocket = new WebsocketConfig { Enabled = true, Events = { "MESSAGES_UPSERT", "CONNECTION_UPDATE" } } }),
        ["setSettings"] = Envelope(e => e.SetSettings = new SetSettings
        {
            Settings = new InstanceSettings { RejectCall = true, MsgCall = "I can't take calls here", AlwaysOnline = true, ReadMessages = true },
        }),
        ["createTemplate"] = Envelope(e => e.CreateTemplate = new CreateTemplate
        {
            Name = "order_update",
            Category = "UTILITY",
            Language = "en_US",
            ComponentsJson = """[{"type":"BODY","text":"Your order {{1}} is ready","example":{"body_text":[["42"]]}}]""",
        }),
        ["findTemplates"] = Envelope(e => e.FindTemplates = new FindTemplates()),
        ["metaWebhookItem"] = Envelope(e => e.MetaWebhookItem = new MetaWebhookItem
        {
            PhoneNumberId = "106540352242922",
            Kind = "message",
            ItemJson = """{"from":"16505551234","id":"wamid.HBgL","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}""",
            ContactName = "Sheena Nelson",
        }),
    };

    private static CommandEnvelope Envelope(Action<CommandEnvelope> command)
    {
        var envelope = new CommandEnvelope { Instance = "shop-1" };
        command(envelope);
        return envelope;
    }

    private static MessageKey Received() => new() { RemoteJid = Chat, FromMe = false, Id = "3EB0C767D82B632A2E4A" };

    private static WebhookConfig Webhook() => new()
    {
        Enabled = true,
        Url = "https://hooks.example.com/evolution",
        Headers = { ["authorization"] = "Bearer abc", ["jwt_key"] = "optional-secret" },
        Events = { "MESSAGES_UPSERT", "CONNECTION_UPDATE" },
    };

    private static KafkaConfig Kafka() => new() { Enabled = true, Events = { "MESSAGES_UPSERT", "SEND_MESSAGE", "MESSAGES_UPDATE" } };

    private static Timestamp At(int year, int month, int day, int hour, int minute, int second, int millisecond) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero));
}
