using System.Net;
using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Tests.Api;

/// <summary>Every mutating route: its body becomes the right command for the path's instance, and the answer is Evolution's.</summary>
public class CommandRoutesTests(EmbeddedStack stack, CommandRoutesTests.SharedBed shared) : IClassFixture<CommandRoutesTests.SharedBed>
{
    /// <summary>One Api for the route theory (each row uses an instance of its own), answering every command as the pipeline would.</summary>
    public sealed class SharedBed(EmbeddedStack stack) : IAsyncLifetime
    {
        private static int s_rows;

        internal ApiTestBed Bed { get; private set; } = null!;

        public System.Collections.Concurrent.ConcurrentDictionary<string, CommandEnvelope> Seen { get; } = new();

        public static string NextInstance() => $"route-{Interlocked.Increment(ref s_rows)}";

        public async ValueTask InitializeAsync()
        {
            Bed = await ApiTestBed.StartAsync(stack);
            Bed.Respond(c =>
            {
                Seen[c.Instance] = c;
                return c.CommandCase switch
                {
                    Case.CheckNumbers => Outcome.Executed(detail: """[{"exists":true,"jid":"5511999999999@s.whatsapp.net","number":"5511999999999"}]"""),
                    Case.FetchGroupInviteCode => Outcome.Executed(detail: "AbCdEf123"),
                    Case.CreateGroup => Outcome.Executed(remoteJid: "1203630001@g.us"),
                    Case.CreateTemplate => Outcome.Executed(detail: """{"id":"594000000001","status":"PENDING","category":"UTILITY"}"""),
                    Case.FindTemplates => Outcome.Executed(detail: """[{"name":"order_ready","status":"APPROVED","id":"594000000001"}]"""),
                    _ => Outcome.Executed("3EB0" + c.CommandId[..8], "5511999999999@s.whatsapp.net"),
                };
            });
        }

        public ValueTask DisposeAsync() => Bed.DisposeAsync();
    }

    public static TheoryData<string, string, string?, Case, int, string> Routes => new()
    {
        { "POST", "/instance/restart/shop-1", null, Case.RestartInstance, 201, "instance.state" },
        { "PUT", "/instance/restart/shop-1", null, Case.RestartInstance, 201, "instance.instanceName" },
        { "DELETE", "/instance/logout/shop-1", null, Case.LogoutInstance, 200, "status" },
        { "DELETE", "/instance/delete/shop-1", null, Case.DeleteInstance, 200, "response.message" },
        { "POST", "/instance/setPresence/shop-1", """{"presence":"available"}""", Case.SetPresence, 201, "presence" },
        { "POST", "/message/sendMedia/shop-1", """{"number":"5511999999999","mediatype":"image","media":"https://example.com/a.jpg","caption":"Check"}""", Case.SendMedia, 201, "message.imageMessage.caption" },
        { "POST", "/message/sendWhatsAppAudio/shop-1", """{"number":"5511999999999","audio":"https://example.com/a.ogg"}""", Case.SendWhatsappAudio, 201, "message.audioMessage" },
        { "POST", "/message/sendSticker/shop-1", """{"number":"5511999999999","sticker":"https://example.com/s.webp"}""", Case.SendSticker, 201, "message.stickerMessage" },
        { "POST", "/message/sendLocation/shop-1", """{"number":"5511999999999","name":"Office","address":"Av. Paulista","latitude":-23.56,"longitude":-46.65}""", Case.SendLocation, 201, "message.locationMessage.degreesLatitude" },
        { "POST", "/message/sendContact/shop-1", """{"number":"5511999999999","contact":[{"fullName":"Ana","wuid":"5511988887777","phoneNumber":"+55 11 98888-7777"}]}""", Case.SendContact, 201, "message.contactsArrayMessage.contacts" },
        { "POST", "/message/sendReaction/shop-1", """{"key":{"remoteJid":"5511999999999@s.whatsapp.net","fromMe":true,"id":"3EB0X"},"reaction":"👍"}""", Case.SendReaction, 201, "message.reactionMessage.text" },
        { "POST", "/message/sendPoll/shop-1", """{"number":"5511999999999","name":"Lunch?","selectableCount":1,"values":["Yes","No"]}""", Case.SendPoll, 201, "message.pollCreationMessage.options" },
        { "POST", "/message/sendList/shop-1", """{"number":"5511999999999","title":"Menu","description":"Pick","buttonText":"Open","footerText":"f","sections":[{"title":"S","rows":[{"title":"A","description":"a","rowId":"1"}]}]}""", Case.SendList, 201, "message.listMessage" },
        { "POST", "/message/sendButtons/shop-1", """{"number":"5511999999999","title":"T","description":"D","footer":"F","buttons":[{"type":"reply","displayText":"OK","id":"ok"}]}""", Case.SendButtons, 201, "message.buttonsMessage" },
        { "POST", "/message/sendTemplate/shop-1", """{"number":"5511999999999","name":"order_update","language":"en_US","components":[{"type":"body","parameters":[{"type":"text","text":"John"}]}]}""", Case.SendTemplate, 201, "message.templateMessage.name" },
        { "POST", "/template/create/shop-1", """{"name":"order_ready","category":"UTILITY","language":"en_US","components":[{"type":"BODY","text":"Ready"}]}""", Case.CreateTemplate, 201, "template.status" },
        { "GET", "/template/find/shop-1", null, Case.FindTemplates, 200, "0.name" },
        { "POST", "/chat/whatsappNumbers/shop-1", """{"numbers":["5511999999999"]}""", Case.CheckNumbers, 200, "0.jid" },
        { "POST", "/chat/markMessageAsRead/shop-1", """{"readMessages":[{"remoteJid":"5511999999999@s.whatsapp.net","fromMe":false,"id":"3EB0Y"}]}""", Case.MarkMessagesRead, 201, "read" },
        { "POST", "/chat/archiveChat/shop-1", """{"chat":"5511999999999@s.whatsapp.net","archive":true,"lastMessage":{"key":{"remoteJid":"5511999999999@s.whatsapp.net","fromMe":false,"id":"3EB0Y"}}}""", Case.ArchiveChat, 201, "archived" },
        { "DELETE", "/chat/deleteMessageForEveryone/shop-1", """{"id":"3EB0Y","remoteJid":"5511999999999@s.whatsapp.net","fromMe":true}""", Case.DeleteMessageForEveryone, 201, "id" },
        { "POST", "/chat/updateMessage/shop-1", """{"number":"5511999999999","key":{"remoteJid":"5511999999999@s.whatsapp.net","fromMe":true,"id":"3EB0Y"},"text":"edited"}""", Case.EditMessage, 201, "message.conversation" },
        { "POST", "/chat/sendPresence/shop-1", """{"number":"5511999999999","presence":"composing","delay":1000}""", Case.SendPresence, 201, "presence" },
        { "POST", "/group/create/shop-1", """{"subject":"Team","participants":["5511999999999"]}""", Case.CreateGroup, 201, "participants" },
        { "POST", "/group/updateGroupSubject/shop-1?groupJid=1203630001", """{"subject":"New"}""", Case.UpdateGroupSubject, 201, "update" },
        { "POST", "/group/updateGroupDescription/shop-1", """{"groupJid":"1203630001@g.us","description":"About"}""", Case.UpdateGroupDescription, 201, "update" },
        { "POST", "/group/updateGroupPicture/shop-1?groupJid=1203630001@g.us", """{"image":"https://example.com/p.png"}""", Case.UpdateGroupPicture, 201, "update" },
        { "POST", "/group/updateParticipant/shop-1?groupJid=1203630001", """{"action":"add","participants":["5511999999999"]}""", Case.UpdateGroupParticipants, 201, "participants" },
        { "GET", "/group/inviteCode/shop-1?groupJid=1203630001", null, Case.FetchGroupInviteCode, 200, "inviteUrl" },
        { "DELETE", "/group/leaveGroup/shop-1?groupJid=1203630001", null, Case.LeaveGroup, 200, "leave" },
        { "POST", "/settings/set/shop-1", """{"rejectCall":true,"msgCall":"busy","groupsIgnore":false,"alwaysOnline":false,"readMessages":false,"readStatus":false,"syncFullHistory":false}""", Case.SetSettings, 201, "rejectCall" },
        { "POST", "/webhook/set/shop-1", """{"webhook":{"enabled":true,"url":"https://hooks.example.com/wa","events":["MESSAGES_UPSERT"]}}""", Case.SetWebhook, 201, "url" },
        { "POST", "/kafka/set/shop-1", """{"kafka":{"enabled":true,"events":["SEND_MESSAGE"]}}""", Case.SetKafka, 201, "events" },
        { "POST", "/websocket/set/shop-1", """{"websocket":{"enabled":true,"events":["MESSAGES_UPSERT"]}}""", Case.SetWebsocket, 201, "events" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_route_writes_its_command_and_answers_like_Evolution(string method, string path, string? body, Case expected, int status, string answerPath)
    {
        var instance = SharedBed.NextInstance();
        var bed = shared.Bed;
        var response = await bed.SendAsync(new HttpMethod(method), path.Replace("shop-1", instance, StringComparison.Ordinal), body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text} {string.Join("; ", bed.ResponderErrors.Select(e => e.Message))}");
        var command = shared.Seen[instance];
        Assert.Equal(expected, command.CommandCase);
        var node = System.Text.Json.JsonDocument.Parse(text).RootElement;
        foreach (var part in answerPath.Split('.'))
        {
            node = int.TryParse(part, out var index) ? node[index] : node.GetProperty(part);
        }

        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, node.ValueKind);
    }

    [Fact]
    public async Task Group_ids_from_the_query_get_the_group_suffix()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "0" });
        await bed.SendAsync(HttpMethod.Get, "/group/inviteCode/shop-1?groupJid=1203630001");
        var (_, command, _) = await bed.NextCommandAsync();
        Assert.Equal("1203630001@g.us", command.FetchGroupInviteCode.GroupJid);
    }

    [Fact]
    public async Task A_flat_v1_webhook_body_as_in_the_seed_is_accepted()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "0" });
        var response = await bed.SendAsync(HttpMethod.Post, "/webhook/set/shop-1",
            """{"url":"https://your-backend.com/webhook","webhook_by_events":false,"events":["MESSAGES_UPSERT","MESSAGES_UPDATE","CONNECTION_UPDATE"]}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (_, command, _) = await bed.NextCommandAsync();
        Assert.True(command.SetWebhook.Webhook.Enabled);
        Assert.Equal("https://your-backend.com/webhook", command.SetWebhook.Webhook.Url);
        Assert.Equal(["MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE"], command.SetWebhook.Webhook.Events);
    }

    [Theory]
    [InlineData("POST", "/instance/setPresence/shop-1", "{}", "'presence' is required")]
    [InlineData("POST", "/message/sendMedia/shop-1", """{"number":"5511999999999","media":"https://example.com/a.jpg"}""", "'mediatype' is required")]
    [InlineData("POST", "/message/sendLocation/shop-1", """{"number":"5511999999999","name":"n","address":"a","latitude":"north","longitude":1}""", "'latitude'")]
    [InlineData("POST", "/chat/whatsappNumbers/shop-1", """{"numbers":"5511999999999"}""", "'numbers'")]
    [InlineData("POST", "/group/updateParticipant/shop-1", """{"groupJid":"1@g.us","action":"add","participants":"x"}""", "'participants'")]
    [InlineData("POST", "/settings/set/shop-1", """{"rejectCall":true}""", "is required")]
    [InlineData("POST", "/webhook/set/shop-1", """{"webhook":{"enabled":"yes","url":"https://x.example"}}""", "'webhook.enabled'")]
    [InlineData("POST", "/kafka/set/shop-1", """{"kafka":{"enabled":true,"events":"ALL"}}""", "'kafka.events'")]
    public async Task Bad_input_on_each_kind_of_route_answers_400_naming_the_field(string method, string path, string body, string expected)
    {
        var response = await shared.Bed.SendAsync(new HttpMethod(method), path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ApiTestBed.JsonAsync(response)).GetProperty("response").GetProperty("message")[0].GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
