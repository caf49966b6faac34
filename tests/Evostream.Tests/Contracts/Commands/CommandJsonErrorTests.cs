using System.Text;
using Evostream.Contracts.Commands;

namespace Evostream.Tests.Contracts.Commands;

public class CommandJsonErrorTests
{
    // Commands under test append ,"field":value} to these.
    private const string Text = "{\"command\":\"sendText\",\"instance\":\"shop-1\",\"number\":\"5511999999999\",\"text\":\"Hello\"";
    private const string Key = """{"remoteJid":"5511999999999@s.whatsapp.net","fromMe":false,"id":"3EB0C767D82B632A2E4A"}""";

    [Theory]
    // The value as a whole
    [InlineData("[]", "", "must be a JSON object, not an array")]
    [InlineData("\"sendText\"", "", "must be a JSON object, not a string")]
    // The envelope
    [InlineData("""{"instance":"shop-1","number":"1","text":"x"}""", "command", "is required")]
    [InlineData("""{"command":7,"instance":"shop-1"}""", "command", "must be a string")]
    [InlineData("""{"command":"sendText","number":"1","text":"x"}""", "instance", "is required")]
    [InlineData("""{"command":"sendText","instance":"shop-1","idempotencyKey":42,"number":"1","text":"x"}""", "idempotencyKey", "must be a string")]
    [InlineData("""{"command":"sendText","instance":"shop-1","issuedAt":"yesterday","number":"1","text":"x"}""", "issuedAt", "must be an ISO-8601 instant with a time zone, such as 2024-03-04T10:30:00Z")]
    [InlineData("""{"command":"createInstance","qrcode":true}""", "instance", "is required; createInstance also takes it as instanceName")]
    [InlineData("""{"command":"createInstance","instance":"shop-1","instanceName":"shop-2"}""", "instanceName", "'shop-2' differs from instance 'shop-1'")]
    // Unknown and repeated fields: typos are never ignored
    [InlineData(Text + ""","linkPrevew":true}""", "linkPrevew", "is not a field of sendText (did you mean 'linkPreview'?)")]
    [InlineData(Text + ""","everyone":true}""", "everyone", "is not a field of sendText (did you mean 'everyOne'?)")]
    [InlineData(Text + ""","priority":"high"}""", "priority", "is not a field of sendText; expected one of: command, instance, idempotencyKey, commandId, issuedAt, number, text, delay, linkPreview, quoted, mentionsEveryOne, everyOne, mentioned, sendAt")]
    [InlineData(Text + ""","quoted":{"key":{"remotejid":"x","id":"y"}}}""", "quoted.key.remotejid", "is not a field of quoted.key (did you mean 'remoteJid'?)")]
    [InlineData("""{"command":"restartInstance","instance":"shop-1","number":"5511999999999"}""", "number", "is not a field of restartInstance; expected one of: command, instance, idempotencyKey, commandId, issuedAt")]
    [InlineData(Text + ""","text":"again"}""", "text", "appears more than once")]
    // Required fields
    [InlineData("""{"command":"sendText","instance":"shop-1","number":"5511999999999"}""", "text", "is required")]
    [InlineData("""{"command":"sendText","instance":"shop-1","number":"5511999999999","text":null}""", "text", "is required")]
    [InlineData(Text + ""","quoted":{"key":{"remoteJid":"x"}}}""", "quoted.key.id", "is required")]
    [InlineData("""{"command":"sendReaction","instance":"shop-1","key":{"id":"3EB0"},"reaction":"x"}""", "key.remoteJid", "is required")]
    [InlineData("""{"command":"sendList","instance":"shop-1","number":"1","title":"Menu","buttonText":"Open","footerText":"Shop","sections":[{"title":"Drinks","rows":[{"title":"Coffee","rowId":"c"},{"title":"Tea"}]}]}""", "sections[0].rows[1].rowId", "is required")]
    [InlineData("""{"command":"setWebhook","instance":"shop-1","webhook":{"enabled":true}}""", "webhook.url", "is required")]
    [InlineData("""{"command":"setSettings","instance":"shop-1","rejectCall":true}""", "groupsIgnore", "is required")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image"}""", "media", "is required")]
    // Wrong types
    [InlineData(Text + ""","delay":"1200"}""", "delay", "must be an integer from 0 to 4294967295")]
    [InlineData(Text + ""","delay":-1}""", "delay", "must be an integer from 0 to 4294967295")]
    [InlineData(Text + ""","delay":1.5}""", "delay", "must be an integer from 0 to 4294967295")]
    [InlineData(Text + ""","delay":4294967296}""", "delay", "must be an integer from 0 to 4294967295")]
    [InlineData(Text + ""","linkPreview":"true"}""", "linkPreview", "must be true or false")]
    [InlineData(Text + ""","mentioned":["5511888888888",5511777777777]}""", "mentioned[1]", "must be a string")]
    [InlineData(Text + ""","mentioned":"5511888888888"}""", "mentioned", "must be an array of strings")]
    [InlineData(Text + ""","quoted":{"key":""" + Key + ""","message":"Where is my order?"}}""", "quoted.message", "must be an object")]
    [InlineData(Text + ""","quoted":{"key":""" + Key + ""","message":{"conversation":5}}}""", "quoted.message", "is not a WhatsApp message Evostream can quote: Unsupported conversion from JSON number for field type String")]
    [InlineData(Text + ""","quoted":{"key":""" + Key + ""","message":{"imageMessage":{"width":1e400}}}}""", "quoted.message", "is not a WhatsApp message Evostream can quote: Numeric value out of range: 1E400")]
    [InlineData("""{"command":"sendText","instance":"shop-1","number":5511999999999,"text":"x"}""", "number", "must be a string")]
    [InlineData("""{"command":"sendLocation","instance":"shop-1","number":"1","name":"n","address":"a","latitude":"-23.5","longitude":-46.6}""", "latitude", "must be a number")]
    [InlineData("""{"command":"sendReaction","instance":"shop-1","key":{"remoteJid":"x","fromMe":"false","id":"y"},"reaction":""}""", "key.fromMe", "must be true or false")]
    [InlineData("""{"command":"sendContact","instance":"shop-1","number":"1","contact":{"fullName":"Support"}}""", "contact", "must be an array")]
    [InlineData("""{"command":"sendContact","instance":"shop-1","number":"1","contact":["Support"]}""", "contact[0]", "must be an object")]
    [InlineData("""{"command":"sendPresence","instance":"shop-1","number":"1","presence":"composing","delay":-5}""", "delay", "must be an integer from 0 to 4294967295")]
    [InlineData("""{"command":"setWebhook","instance":"shop-1","webhook":{"enabled":true,"url":"https://x","headers":{"authorization":1}}}""", "webhook.headers.authorization", "must be a string")]
    [InlineData("""{"command":"setKafka","instance":"shop-1","kafka":[]}""", "kafka", "must be an object")]
    [InlineData("""{"command":"setWebsocket","instance":"shop-1","websocket":{"enabled":true,"events":["MESSAGES_UPSERT","MESAGES_UPDATE"]}}""", "websocket.events[1]", "'MESAGES_UPDATE' is not an event name; use Evolution's upper-case names such as MESSAGES_UPSERT")]
    // Media: a URL, or base64 bare or in a data: URI
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":"https://exa mple.com/x.png"}""", "media", "is not a valid http(s) URL")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":"https://"}""", "media", "is not a valid http(s) URL")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":"ftp://example.com/x.png"}""", "media", "is neither an http(s) URL nor valid base64")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":"iVBORw0KGgo"}""", "media", "is neither an http(s) URL nor valid base64")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":"data:image/png,iVBORw0KGgo="}""", "media", "is a data URI that is not base64-encoded (expected data:<mimetype>;base64,<data>)")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":"data:image/png;base64,iVBOR%%w0KGgo="}""", "media", "is a data URI whose data is not valid base64")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":""}""", "media", "is empty; expected an http(s) URL or base64 data")]
    [InlineData("""{"command":"sendMedia","instance":"shop-1","number":"1","mediatype":"image","media":42}""", "media", "must be a string: an http(s) URL or base64 data")]
    [InlineData("""{"command":"sendWhatsAppAudio","instance":"shop-1","number":"1","audio":"T2dnUw-_"}""", "audio", "is neither an http(s) URL nor valid base64")]
    [InlineData("""{"command":"updateGroupPicture","instance":"shop-1","groupJid":"1@g.us","image":"data:image/png;base64,"}""", "image", "is empty; expected an http(s) URL or base64 data")]
    // Instants and aliases
    [InlineData(Text + ""","sendAt":"tomorrow"}""", "sendAt", "must be an ISO-8601 instant with a time zone, such as 2024-03-04T10:30:00Z")]
    [InlineData(Text + ""","sendAt":"2024-03-04T10:30:00"}""", "sendAt", "must be an ISO-8601 instant with a time zone, such as 2024-03-04T10:30:00Z")]
    [InlineData(Text + ""","sendAt":1709548200000}""", "sendAt", "must be an ISO-8601 instant with a time zone, such as 2024-03-04T10:30:00Z")]
    [InlineData(Text + ""","mentionsEveryOne":true,"everyOne":false}""", "everyOne", "contradicts mentionsEveryOne")]
    // The instance token
    [InlineData("""{"command":"createInstance","instanceName":"shop-1","token":"t","tokenSha256":"61b40e04dfcbc8f3b7e139fd7734f72ea6516a9dfef5b1f4cf7c22a64ce440d2"}""", "tokenSha256", "cannot be given with token")]
    public void A_malformed_command_is_refused_naming_the_field_and_the_reason(string json, string field, string reason)
    {
        var result = CommandJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsValid);
        Assert.Equal(new CommandJsonError(field, reason), result.Error);
    }

    [Fact]
    public void An_unknown_command_is_refused_with_the_list_of_commands()
    {
        var result = CommandJson.Read("""{"command":"sendTxt","instance":"shop-1"}"""u8.ToArray());

        Assert.Equal(
            new CommandJsonError("command", "'sendTxt' is not a command; the commands are createInstance, connectInstance, restartInstance, logoutInstance, "
                + "deleteInstance, setPresence, sendText, sendMedia, sendWhatsAppAudio, sendSticker, sendLocation, sendContact, sendReaction, sendPoll, "
                + "sendList, sendButtons, sendTemplate, markMessageAsRead, archiveChat, deleteMessageForEveryone, updateMessage, sendPresence, whatsappNumbers, createGroup, "
                + "updateGroupSubject, updateGroupDescription, updateGroupPicture, updateParticipant, inviteCode, leaveGroup, setWebhook, setKafka, setSettings, "
                + "createTemplate, findTemplates, metaWebhookItem, setWebsocket"),
            result.Error);
    }

    [Fact]
    public void Text_that_is_not_JSON_is_refused_as_a_whole()
    {
        var result = CommandJson.Read("""{"command":"sendText","instance":"""u8.ToArray());

        Assert.Equal("", result.Error!.Field);
        Assert.StartsWith("is not valid JSON: ", result.Error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("the command is not valid JSON: ", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_refused_as_a_whole()
    {
        var json = Encoding.UTF8.GetBytes("""{"command":"sendText","instance":"shop-1","number":"1","text":"?"}""");
        json[Array.IndexOf(json, (byte)'?')] = 0xC3; // a lead byte without its continuation

        var result = CommandJson.Read(json);

        Assert.Equal(new CommandJsonError("", "is not valid UTF-8"), result.Error);
    }

    [Fact]
    public void The_message_names_the_field_for_a_rejection()
    {
        var result = CommandJson.Read(Encoding.UTF8.GetBytes(Text + ""","delay":-1}"""));

        Assert.Equal("'delay' must be an integer from 0 to 4294967295", result.Error!.Message);
    }

    [Fact]
    public void A_refused_command_still_carries_the_ids_it_gave_so_the_rejection_can_be_correlated()
    {
        var result = CommandJson.Read("""{"command":"sendText","instance":"shop-1","idempotencyKey":"order-42","commandId":"c-1","number":"1"}"""u8.ToArray());

        Assert.Equal(new CommandJsonError("text", "is required"), result.Error);
        Assert.Equal(new CommandHeader("sendText", "shop-1", "order-42", "c-1"), result.Header);
    }

    [Fact]
    public void The_first_error_in_field_order_is_the_one_reported()
    {
        var result = CommandJson.Read("""{"command":"sendText","instance":"shop-1","delay":"soon","number":7}"""u8.ToArray());

        Assert.Equal(new CommandJsonError("number", "must be a string"), result.Error);
    }

    [Fact]
    public void Reading_never_throws_whatever_the_bytes()
    {
        // Every prefix of every fixture, and every fixture with one byte changed: each must come back as a result.
        var random = new Random(20240304);
        foreach (var name in CommandNames.All)
        {
            var fixture = CommandFixtures.Read(name);
            for (var length = 0; length < fixture.Length; length++)
            {
                Assert.False(CommandJson.Read(fixture.AsMemory(0, length)).IsValid);
            }

            for (var i = 0; i < fixture.Length; i++)
            {
                var changed = (byte[])fixture.Clone();
                changed[i] = (byte)random.Next(256);
                Assert.NotNull(CommandJson.Read(changed));
            }
        }
    }
}
