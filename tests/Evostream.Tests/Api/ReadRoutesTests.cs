using System.Net;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api;

/// <summary>The find routes, the command status route, the QR viewer and the OpenAPI document, on rows a test inserts.</summary>
public class ReadRoutesTests(EmbeddedStack stack)
{
    [Fact]
    public async Task FindMessages_filters_pages_and_orders_newest_first_with_statuses()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("shop-1");
        for (var i = 1; i <= 5; i++)
        {
            await bed.ExecuteAsync(
                """
                INSERT INTO messages (instance, key_id, remote_jid, from_me, message_type, content, message_timestamp, created_at, updated_at, version)
                VALUES ('shop-1', $1, $2, $3, 'conversation', $4::jsonb, $5, now(), now(), '1')
                """,
                $"K{i}", i <= 3 ? "a@s.whatsapp.net" : "b@s.whatsapp.net", i % 2 == 0, $$"""{"conversation":"m{{i}}"}""", 1_763_700_000L + i);
        }

        await bed.ExecuteAsync("INSERT INTO message_status (instance, key_id, remote_jid, from_me, status, rank, updated_at) VALUES ('shop-1', 'K3', 'a@s.whatsapp.net', false, 'READ', 4, now())");

        var page = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Post, "/chat/findMessages/shop-1",
            """{"where":{"key":{"remoteJid":"a@s.whatsapp.net"}},"page":1,"offset":2}"""));
        var messages = page.GetProperty("messages");
        Assert.Equal(3, messages.GetProperty("total").GetInt64());
        Assert.Equal(2, messages.GetProperty("pages").GetInt64());
        Assert.Equal(["K3", "K2"], messages.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("key").GetProperty("id").GetString()));
        Assert.Equal("READ", messages.GetProperty("records")[0].GetProperty("status").GetString());

        var second = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Post, "/chat/findMessages/shop-1",
            """{"where":{"key":{"remoteJid":"a@s.whatsapp.net"}},"page":2,"offset":2}"""));
        Assert.Equal("K1", second.GetProperty("messages").GetProperty("records")[0].GetProperty("key").GetProperty("id").GetString());

        var range = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Post, "/chat/findMessages/shop-1",
            """{"where":{"key":{"fromMe":true},"messageTimestamp":{"gte":1763700003}}}"""));
        Assert.Equal(["K4"], range.GetProperty("messages").GetProperty("records").EnumerateArray().Select(r => r.GetProperty("key").GetProperty("id").GetString()));

        var bad = await bed.SendAsync(HttpMethod.Post, "/chat/findMessages/shop-1", """{"where":{"key":{"fromMe":"yes"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'where.key.fromMe'", (await ApiTestBed.JsonAsync(bad)).GetProperty("response").GetProperty("message")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.SendAsync(HttpMethod.Post, "/chat/findMessages/nope", "{}")).StatusCode);
    }

    [Fact]
    public async Task FindChats_and_findContacts_read_their_tables()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("shop-1");
        await bed.ExecuteAsync("INSERT INTO contacts (instance, remote_jid, push_name, created_at, updated_at) VALUES ('shop-1', 'a@s.whatsapp.net', 'Ana', now(), now()), ('shop-1', 'b@s.whatsapp.net', 'Bruno', now(), now())");
        await bed.ExecuteAsync("INSERT INTO chats (instance, remote_jid, name, unread_messages, last_message_timestamp, created_at, updated_at) VALUES ('shop-1', 'a@s.whatsapp.net', 'Ana', 2, 10, now(), now()), ('shop-1', 'b@s.whatsapp.net', 'Bruno', 0, 20, now(), now())");

        var contacts = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Post, "/chat/findContacts/shop-1", """{"where":{"pushName":"an"}}"""));
        Assert.Equal(["a@s.whatsapp.net"], contacts.EnumerateArray().Select(c => c.GetProperty("remoteJid").GetString()));
        var chats = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Post, "/chat/findChats/shop-1", "{}"));
        Assert.Equal(["b@s.whatsapp.net", "a@s.whatsapp.net"], chats.EnumerateArray().Select(c => c.GetProperty("remoteJid").GetString()));
        Assert.Equal(2, chats[1].GetProperty("unreadMessages").GetInt32());
    }

    [Fact]
    public async Task Group_finds_answer_metadata_and_current_participants()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("shop-1");
        await bed.ExecuteAsync("INSERT INTO groups (instance, id, subject, size, creation, restrict, announce, updated_at, version) VALUES ('shop-1', '1203@g.us', 'Team', 2, 1763700000, false, false, now(), '1')");
        await bed.ExecuteAsync("INSERT INTO group_participants (instance, group_id, participant, admin, removed, version) VALUES ('shop-1', '1203@g.us', 'a@s.whatsapp.net', 'admin', false, '1'), ('shop-1', '1203@g.us', 'b@s.whatsapp.net', NULL, false, '1'), ('shop-1', '1203@g.us', 'c@s.whatsapp.net', NULL, true, '1')");

        var info = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/group/findGroupInfos/shop-1?groupJid=1203"));
        Assert.Equal("Team", info.GetProperty("subject").GetString());
        Assert.Equal(["a@s.whatsapp.net", "b@s.whatsapp.net"], info.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var participants = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/group/participants/shop-1?groupJid=1203@g.us"));
        Assert.Equal("admin", participants.GetProperty("participants")[0].GetProperty("admin").GetString());
        var all = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/group/fetchAllGroups/shop-1?getParticipants=false"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Assert.Single(all.EnumerateArray()).GetProperty("participants").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await bed.SendAsync(HttpMethod.Get, "/group/fetchAllGroups/shop-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.SendAsync(HttpMethod.Get, "/group/findGroupInfos/shop-1?groupJid=999")).StatusCode);
    }

    [Fact]
    public async Task Configuration_finds_answer_the_rows_with_webhook_header_values_masked()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("shop-1");
        Assert.Equal("null", await (await bed.SendAsync(HttpMethod.Get, "/webhook/find/shop-1")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await bed.ExecuteAsync("""INSERT INTO instance_webhooks (instance, enabled, url, headers, by_events, base64, events, updated_at, version) VALUES ('shop-1', true, 'https://hooks.example.com', '{"authorization":"enc:v1:k1:AAAA"}', false, false, '{MESSAGES_UPSERT}', now(), '1')""");
        await bed.ExecuteAsync("INSERT INTO instance_kafka (instance, enabled, events, updated_at, version) VALUES ('shop-1', true, '{SEND_MESSAGE}', now(), '1')");
        await bed.ExecuteAsync("INSERT INTO instance_settings (instance, reject_call, msg_call, groups_ignore, always_online, read_messages, read_status, sync_full_history, wavoip_token, hold_until_connected, updated_at, version) VALUES ('shop-1', true, 'busy', false, false, false, false, false, '', false, now(), '1')");

        var webhook = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/webhook/find/shop-1"));
        Assert.Equal("https://hooks.example.com", webhook.GetProperty("url").GetString());
        Assert.Equal("***", webhook.GetProperty("headers").GetProperty("authorization").GetString());
        Assert.Equal("SEND_MESSAGE", (await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/kafka/find/shop-1"))).GetProperty("events")[0].GetString());
        Assert.True((await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/settings/find/shop-1"))).GetProperty("rejectCall").GetBoolean());
    }

    [Fact]
    public async Task Commands_status_route_shows_an_outcome_to_its_instance_only()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("alpha", token: "alpha-token-1234567890");
        await bed.InsertInstanceAsync("beta", token: "beta-token-1234567890");
        await bed.InsertOutcomeAsync("cmd-1", "alpha", Outcome.Executed("3EB0Z"));

        var outcome = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/commands/cmd-1"));
        Assert.Equal("executed", outcome.GetProperty("status").GetString());
        Assert.Equal("3EB0Z", outcome.GetProperty("messageId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bed.SendAsync(HttpMethod.Get, "/commands/cmd-1", key: "alpha-token-1234567890")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.SendAsync(HttpMethod.Get, "/commands/cmd-1", key: "beta-token-1234567890")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.SendAsync(HttpMethod.Get, "/commands/none")).StatusCode);
    }

    [Fact]
    public async Task The_QR_viewer_takes_the_key_in_the_query_and_its_feed_gives_the_current_QR()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("shop-1", status: "connecting");
        await bed.InsertQrAsync("shop-1", "data:image/png;base64,QUFB", 3);

        var page = await bed.SendAsync(HttpMethod.Get, $"/instance/qr/shop-1?apikey={ApiTestBed.GlobalKey}", key: null);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/current", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bed.SendAsync(HttpMethod.Get, "/instance/qr/shop-1", key: null)).StatusCode);

        var feed = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, $"/instance/qr/shop-1/current?apikey={ApiTestBed.GlobalKey}", key: null));
        Assert.Equal("data:image/png;base64,QUFB", feed.GetProperty("base64").GetString());
        Assert.Equal(3, feed.GetProperty("count").GetInt32());
        Assert.Equal("connecting", feed.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_routes_and_docs_serves_its_UI()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        var document = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/docs/v1/openapi.json", key: null));
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/instance/create", "/message/sendText/{instanceName}", "/chat/findMessages/{instanceName}", "/group/fetchAllGroups/{instanceName}", "/webhook/set/{instanceName}", "/websocket/set/{instanceName}", "/sse/{instanceName}", "/commands/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        var ui = await bed.SendAsync(HttpMethod.Get, "/docs/index.html", key: null);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", await ui.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
    }
}
