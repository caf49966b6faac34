using System.Text;
using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;

namespace Evostream.Tests.CommandProcessor;

public class ContentRulesTests
{
    private static CommandEnvelope Read(string json)
    {
        var result = CommandJson.Read(Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsValid, result.Error?.Message);
        return result.Envelope;
    }

    private static string Text(string body) => $$"""{"command":"sendText","instance":"shop",{{body}}}""";

    public static TheoryData<string, string, string> Broken => new()
    {
        { Text("\"number\":\"abc\",\"text\":\"hi\""), "number", "'abc' is not a phone number with country code (digits, optionally with '+', spaces, dashes or parentheses) or a WhatsApp JID" },
        { Text("\"number\":\"011 9999 9999\",\"text\":\"hi\""), "number", "'011 9999 9999' starts with 0: give the number with its country code and no trunk prefix" },
        { Text("\"number\":\"+55 11\",\"text\":\"hi\""), "number", "'+55 11' has 4 digits; a number with country code has 7 to 15" },
        { Text("\"number\":\"5511999999999@example.com\",\"text\":\"hi\""), "number", "'5511999999999@example.com' is not a WhatsApp JID (digits @s.whatsapp.net, digits @lid, or a group id @g.us)" },
        { Text("\"number\":\"5511999999999\",\"text\":\"" + new string('a', 4097) + "\""), "text", "is 4,097 characters long; WhatsApp allows at most 4,096" },
        { Text("\"number\":\"5511999999999\",\"text\":\"hi\",\"mentioned\":[\"12\"]"), "mentioned[0]", "'12' has 2 digits; a number with country code has 7 to 15" },
        { """{"command":"sendMedia","instance":"shop","number":"5511999999999","mediatype":"gif","media":"https://x.test/a.gif"}""", "mediatype", "'gif' is not one of: image, video, document, audio" },
        { """{"command":"sendMedia","instance":"shop","number":"5511999999999","mediatype":"image","mimetype":"video/mp4","media":"https://x.test/a.mp4"}""", "mimetype", "'video/mp4' is not an image type; mediatype image needs image/*" },
        { """{"command":"sendMedia","instance":"shop","number":"5511999999999","mediatype":"image","mimetype":"jpeg","media":"https://x.test/a.jpg"}""", "mimetype", "'jpeg' is not a MIME type (type/subtype)" },
        { """{"command":"sendMedia","instance":"shop","number":"5511999999999","mediatype":"document","media":"aGVsbG8="}""", "fileName", "is required for a document sent as base64 (WhatsApp shows it and picks the icon from its extension)" },
        { """{"command":"sendMedia","instance":"shop","number":"5511999999999","mediatype":"image","media":"https://x.test/a.jpg","caption":"<1025>"}""", "caption", "is 1,025 characters long; WhatsApp allows at most 1,024" },
        { """{"command":"sendPoll","instance":"shop","number":"5511999999999","name":"Lunch?","selectableCount":1,"values":["only"]}""", "values", "has 1 options; a WhatsApp poll has 2 to 12" },
        { """{"command":"sendPoll","instance":"shop","number":"5511999999999","name":"Lunch?","selectableCount":1,"values":["a","b","c","d","e","f","g","h","i","j","k","l","m"]}""", "values", "has 13 options; a WhatsApp poll has 2 to 12" },
        { """{"command":"sendPoll","instance":"shop","number":"5511999999999","name":"Lunch?","selectableCount":1,"values":["a","a"]}""", "values[1]", "'a' repeats an earlier option; poll options must differ" },
        { """{"command":"sendPoll","instance":"shop","number":"5511999999999","name":"Lunch?","selectableCount":3,"values":["a","b"]}""", "selectableCount", "is 3 but the poll has only 2 options (0 means any number)" },
        { """{"command":"sendButtons","instance":"shop","number":"5511999999999","title":"t","description":"d","buttons":[{"type":"reply","displayText":"a","id":"1"},{"type":"reply","displayText":"b","id":"2"},{"type":"reply","displayText":"c","id":"3"},{"type":"reply","displayText":"d","id":"4"}]}""", "buttons", "has 4 buttons; WhatsApp shows 1 to 3" },
        { """{"command":"sendButtons","instance":"shop","number":"5511999999999","title":"t","description":"d","buttons":[{"type":"reply","displayText":"this text is far too long","id":"1"}]}""", "buttons[0].displayText", "is 25 characters long; WhatsApp allows at most 20" },
        { """{"command":"sendButtons","instance":"shop","number":"5511999999999","title":"t","description":"d","buttons":[{"type":"reply","displayText":"a","id":"1"},{"type":"reply","displayText":"b","id":"1"}]}""", "buttons[1].id", "'1' repeats an earlier button's id; reply ids must differ" },
        { """{"command":"sendButtons","instance":"shop","number":"5511999999999","title":"t","description":"d","buttons":[{"type":"url","displayText":"a","url":"nope"}]}""", "buttons[0].url", "'nope' is not an http(s) URL" },
        // A JSON reader once refused this itself, so Protobuf creates went unchecked; both forms now meet the rule here.
        { """{"command":"createInstance","instanceName":"shop","tokenSha256":"61B40E04DFCBC8F3B7E139FD7734F72EA6516A9DFEF5B1F4CF7C22A64CE440D2"}""", "tokenSha256", "must be 64 lower-case hexadecimal characters (a SHA-256)" },
        { """{"command":"updateGroupSubject","instance":"shop","groupJid":"5511999999999","subject":"s"}""", "groupJid", "'5511999999999' is not a group JID (groups end in @g.us)" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_command_breaking_a_rule_is_refused_naming_the_field_and_the_reason(string json, string field, string reason)
    {
        json = json.Replace("<1025>", new string('c', 1025), StringComparison.Ordinal);
        var rejection = ContentRules.Check(Read(json));

        Assert.NotNull(rejection);
        Assert.Equal((field, reason, 400), (rejection.Field, rejection.Reason, rejection.HttpStatus));
    }

    [Fact]
    public void List_limits_are_WhatsApps()
    {
        static string List(string sections) =>
            $$"""{"command":"sendList","instance":"shop","number":"5511999999999","title":"t","description":"d","buttonText":"Pick","footerText":"f","sections":{{sections}}}""";
        static string Row(int i) => $$"""{"title":"row {{i}}","rowId":"r{{i}}"}""";
        var elevenRows = "[{\"title\":\"s\",\"rows\":[" + string.Join(",", Enumerable.Range(0, 11).Select(Row)) + "]}]";

        Assert.Equal("hold 11 rows in all; a WhatsApp list has at most 10", ContentRules.Check(Read(List(elevenRows)))!.Reason);
        Assert.Equal("sections[1].title", ContentRules.Check(Read(List($"[{{\"title\":\"a\",\"rows\":[{Row(1)}]}},{{\"title\":\"\",\"rows\":[{Row(2)}]}}]")))!.Field);
        Assert.Equal("sections[0].rows[0].title", ContentRules.Check(Read(List("[{\"title\":\"a\",\"rows\":[{\"title\":\"" + new string('x', 25) + "\",\"rowId\":\"r\"}]}]")))!.Field);
        Assert.Equal("sections[0].rows[1].rowId", ContentRules.Check(Read(List("[{\"title\":\"a\",\"rows\":[{\"title\":\"x\",\"rowId\":\"r\"},{\"title\":\"y\",\"rowId\":\"r\"}]}]")))!.Field);
        Assert.Null(ContentRules.Check(Read(List($"[{{\"title\":\"a\",\"rows\":[{Row(1)},{Row(2)}]}}]"))));
    }

    [Fact]
    public void Media_over_WhatsApps_size_for_its_type_is_refused()
    {
        var image = new CommandEnvelope { Instance = "shop", SendMedia = new SendMedia { Number = "5511999999999", Mediatype = "image", Data = Google.Protobuf.ByteString.CopyFrom(new byte[(5 * 1024 * 1024) + 1]) } };
        var sticker = new CommandEnvelope { Instance = "shop", SendSticker = new SendSticker { Number = "5511999999999", Data = Google.Protobuf.ByteString.CopyFrom(new byte[(500 * 1024) + 1]) } };

        Assert.Equal(("media", "is 5,242,881 bytes; WhatsApp takes image up to 5 MB"), (ContentRules.Check(image)!.Field, ContentRules.Check(image)!.Reason));
        Assert.Equal(("sticker", "is 512,001 bytes; WhatsApp takes sticker up to 500 KB"), (ContentRules.Check(sticker)!.Field, ContentRules.Check(sticker)!.Reason));
    }

    [Theory]
    [InlineData("+55 (11)", null)]
    [InlineData("+55 11 99999-9999", "5511999999999")]
    [InlineData("5511999999999@S.WHATSAPP.NET", "5511999999999@s.whatsapp.net")]
    [InlineData("120363025246125486@g.us", "120363025246125486@g.us")]
    [InlineData("5511999999999-1600000000@g.us", "5511999999999-1600000000@g.us")]
    public void Recipients_are_normalised_to_digits_or_JIDs(string raw, string? expected)
    {
        var command = Read(Text($"\"number\":\"{raw}\",\"text\":\"hi\""));
        var rejection = ContentRules.Check(command);

        Assert.Equal(expected, rejection is null ? command.SendText.Number : null);
    }
}
