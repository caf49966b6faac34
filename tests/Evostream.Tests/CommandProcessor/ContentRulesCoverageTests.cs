using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.V1;
using Google.Protobuf;

namespace Evostream.Tests.CommandProcessor;

/// <summary>The content rules beyond text, media types, polls, lists and buttons, and WhatsApp's limits at their edges.</summary>
public class ContentRulesCoverageTests
{
    private const string Number = "5511999999999";

    private static CommandEnvelope Envelope(Action<CommandEnvelope> set)
    {
        var command = new CommandEnvelope { Instance = "shop" };
        set(command);
        return command;
    }

    private static (string Field, string Reason, int Status)? Refusal(CommandEnvelope command) =>
        ContentRules.Check(command) is { } r ? (r.Field, r.Reason, r.HttpStatus) : null;

    public static TheoryData<string, CommandEnvelope, string, string> Broken => new()
    {
        { "latitude", Envelope(c => c.SendLocation = new SendLocation { Number = Number, Latitude = 90.5, Longitude = 0 }), "latitude", "must be between -90 and 90" },
        { "NaN latitude", Envelope(c => c.SendLocation = new SendLocation { Number = Number, Latitude = double.NaN }), "latitude", "must be between -90 and 90" },
        { "longitude", Envelope(c => c.SendLocation = new SendLocation { Number = Number, Latitude = 10, Longitude = -180.01 }), "longitude", "must be between -180 and 180" },
        { "location recipient", Envelope(c => c.SendLocation = new SendLocation { Number = "12" }), "number", "'12' has 2 digits; a number with country code has 7 to 15" },
        { "upper-case token digest", Envelope(c => c.CreateInstance = new CreateInstance { TokenSha256 = "61B40E04DFCBC8F3B7E139FD7734F72EA6516A9DFEF5B1F4CF7C22A64CE440D2" }), "tokenSha256", "must be 64 lower-case hexadecimal characters (a SHA-256)" },
        { "short token digest", Envelope(c => c.CreateInstance = new CreateInstance { TokenSha256 = "61b40e04" }), "tokenSha256", "must be 64 lower-case hexadecimal characters (a SHA-256)" },
        { "no contact", Envelope(c => c.SendContact = new SendContact { Number = Number }), "contact", "must hold at least one contact" },
        { "reaction chat", Envelope(c => c.SendReaction = new SendReaction { Key = new MessageKey { RemoteJid = "", Id = "ABC" }, Reaction = "👍" }), "key.remoteJid", "is required" },
        { "reaction message id", Envelope(c => c.SendReaction = new SendReaction { Key = new MessageKey { RemoteJid = Number + "@s.whatsapp.net", Id = " " }, Reaction = "👍" }), "key.id", "is required" },
        { "edit text", Envelope(c => c.EditMessage = new EditMessage { Number = Number, Key = new MessageKey { Id = "ABC" }, Text = "" }), "text", "is required" },
        { "edit too long", Envelope(c => c.EditMessage = new EditMessage { Number = Number, Key = new MessageKey { Id = "ABC" }, Text = new string('e', 4097) }), "text", "is 4,097 characters long; WhatsApp allows at most 4,096" },
        { "edit recipient", Envelope(c => c.EditMessage = new EditMessage { Number = "0800", Text = "x" }), "number", "'0800' starts with 0: give the number with its country code and no trunk prefix" },
        { "presence recipient", Envelope(c => c.SendPresence = new SendPresence { Number = "abc", Presence = "composing" }), "number", "'abc' is not a phone number with country code (digits, optionally with '+', spaces, dashes or parentheses) or a WhatsApp JID" },
        { "group participant", Envelope(c => c.CreateGroup = new CreateGroup { Subject = "s", Participants = { Number, "12345" } }), "participants[1]", "'12345' has 5 digits; a number with country code has 7 to 15" },
        { "participants group", Envelope(c => c.UpdateGroupParticipants = new UpdateGroupParticipants { GroupJid = Number, Action = "add", Participants = { Number } }), "groupJid", "'5511999999999' is not a group JID (groups end in @g.us)" },
        { "participants entry", Envelope(c => c.UpdateGroupParticipants = new UpdateGroupParticipants { GroupJid = "120363025246125486@g.us", Action = "add", Participants = { "x" } }), "participants[0]", "'x' is not a phone number with country code (digits, optionally with '+', spaces, dashes or parentheses) or a WhatsApp JID" },
        { "video size", Envelope(c => c.SendMedia = new SendMedia { Number = Number, Mediatype = "video", Data = Bytes((16 * 1024 * 1024) + 1) }), "media", "is 16,777,217 bytes; WhatsApp takes video up to 16 MB" },
        { "audio media size", Envelope(c => c.SendMedia = new SendMedia { Number = Number, Mediatype = "audio", Data = Bytes((16 * 1024 * 1024) + 1) }), "media", "is 16,777,217 bytes; WhatsApp takes audio up to 16 MB" },
        { "voice note size", Envelope(c => c.SendWhatsappAudio = new SendWhatsAppAudio { Number = Number, Data = Bytes((16 * 1024 * 1024) + 1) }), "audio", "is 16,777,217 bytes; WhatsApp takes audio up to 16 MB" },
        { "document size", Envelope(c => c.SendMedia = new SendMedia { Number = Number, Mediatype = "document", FileName = "a.pdf", Data = Bytes((100 * 1024 * 1024) + 1) }), "media", "is 104,857,601 bytes; WhatsApp takes document up to 100 MB" },
        { "list body", Envelope(c => c.SendList = List(new string('d', 1025))), "description", "is 1,025 characters long; WhatsApp allows at most 1,024" },
        { "buttons body", Envelope(c => c.SendButtons = new SendButtons { Number = Number, Title = "t", Description = new string('d', 1025), Buttons = { Reply("1") } }), "description", "is 1,025 characters long; WhatsApp allows at most 1,024" },
    };

    public static TheoryData<string, CommandEnvelope> AtTheLimit => new()
    {
        { "location corners", Envelope(c => c.SendLocation = new SendLocation { Number = Number, Latitude = -90, Longitude = 180 }) },
        { "one contact", Envelope(c => c.SendContact = new SendContact { Number = Number, Contact = { new ContactCard { FullName = "A", PhoneNumber = Number } } }) },
        { "reaction removal", Envelope(c => c.SendReaction = new SendReaction { Key = new MessageKey { RemoteJid = Number + "@s.whatsapp.net", Id = "ABC" }, Reaction = "" }) },
        { "edit at 4096", Envelope(c => c.EditMessage = new EditMessage { Number = Number, Key = new MessageKey { Id = "ABC" }, Text = new string('e', 4096) }) },
        { "video at 16 MB", Envelope(c => c.SendMedia = new SendMedia { Number = Number, Mediatype = "video", Data = Bytes(16 * 1024 * 1024) }) },
        { "document at 100 MB", Envelope(c => c.SendMedia = new SendMedia { Number = Number, Mediatype = "document", FileName = "a.pdf", Data = Bytes(100 * 1024 * 1024) }) },
        { "poll of 12", Envelope(c => c.SendPoll = new SendPoll { Number = Number, Name = "q", SelectableCount = 0, Values = { Enumerable.Range(1, 12).Select(i => $"o{i}") } }) },
        { "list of 10 sections", Envelope(c => c.SendList = List(new string('d', 1024), sections: 10)) },
        { "3 buttons", Envelope(c => c.SendButtons = new SendButtons { Number = Number, Title = "t", Description = new string('d', 1024), Footer = new string('f', 60), Buttons = { Reply("1"), Reply("2"), Reply("3") } }) },
    };

    private static ByteString Bytes(int count) => ByteString.CopyFrom(new byte[count]);

    private static ButtonsMessage.Types.Button Reply(string id) => new() { Type = "reply", DisplayText = "b" + id, Id = id };

    private static SendList List(string description, int sections = 1)
    {
        var list = new SendList { Number = Number, Title = "t", Description = description, ButtonText = "Pick", FooterText = "f" };
        for (var s = 0; s < sections; s++)
        {
            list.Sections.Add(new ListMessage.Types.Section { Title = $"s{s}", Rows = { new ListMessage.Types.Row { Title = $"row {s}", RowId = $"r{s}" } } });
        }

        return list;
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_rule_without_a_test_elsewhere_refuses_with_its_exact_reason(string rule, CommandEnvelope command, string field, string reason)
    {
        Assert.Equal((field, reason, 400), Refusal(command) ?? default);
        Assert.NotEmpty(rule);
    }

    [Theory]
    [MemberData(nameof(AtTheLimit))]
    public void A_command_exactly_at_WhatsApps_limit_passes(string rule, CommandEnvelope command)
    {
        Assert.Null(Refusal(command));
        Assert.NotEmpty(rule);
    }

    [Fact]
    public void Participants_and_reaction_chats_are_normalised_in_place()
    {
        var group = Envelope(c => c.CreateGroup = new CreateGroup { Subject = "s", Participants = { "+55 11 99999-9999" } });
        var reaction = Envelope(c => c.SendReaction = new SendReaction { Key = new MessageKey { RemoteJid = "+55 11 99999-9999", Id = "ABC" } });

        Assert.Null(Refusal(group));
        Assert.Null(Refusal(reaction));
        Assert.Equal(("5511999999999", "5511999999999"), (group.CreateGroup.Participants[0], reaction.SendReaction.Key.RemoteJid));
    }
}
