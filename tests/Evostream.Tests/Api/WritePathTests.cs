using System.Net;
using System.Text;
using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api;

public class WritePathTests(EmbeddedStack stack)
{
    [Fact]
    public async Task SendText_writes_the_command_keyed_by_instance_and_answers_201_with_the_message()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        var send = bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "5511999999999", text = "Hello" },
            adjust: r => r.Headers.Add("Idempotency-Key", "order-42"));

        var (key, command, headers) = await bed.NextCommandAsync();
        Assert.Equal("shop-1", key);
        Assert.Equal(CommandEnvelope.CommandOneofCase.SendText, command.CommandCase);
        Assert.Equal("Hello", command.SendText.Text);
        Assert.Equal("order-42", command.IdempotencyKey);
        Assert.Equal("api/global-key", Encoding.UTF8.GetString(headers.GetLastBytes("issued-by")));
        Assert.Equal(7, Guid.Parse(command.CommandId).Version);
        Assert.Equal("application/json", Encoding.UTF8.GetString(headers.GetLastBytes("content-type")));
        await bed.InsertOutcomeAsync(command.CommandId, "shop-1", Outcome.Executed("3EB0AAA", "5511999999999@s.whatsapp.net"));

        var response = await send;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiTestBed.JsonAsync(response);
        Assert.Equal("3EB0AAA", body.GetProperty("key").GetProperty("id").GetString());
        Assert.Equal("5511999999999@s.whatsapp.net", body.GetProperty("key").GetProperty("remoteJid").GetString());
        Assert.True(body.GetProperty("key").GetProperty("fromMe").GetBoolean());
        Assert.Equal("PENDING", body.GetProperty("status").GetString());
        Assert.Equal("Hello", body.GetProperty("message").GetProperty("conversation").GetString());
        Assert.Equal("conversation", body.GetProperty("messageType").GetString());
        Assert.True(body.GetProperty("messageTimestamp").GetInt64() > 1_700_000_000);
    }

    [Fact]
    public async Task A_send_whose_message_row_exists_answers_with_that_row()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        bed.Respond(_ => Outcome.Executed("3EB0ROW"), async c => await bed.ExecuteAsync(
            """
            INSERT INTO messages (instance, key_id, remote_jid, from_me, message_type, content, message_timestamp, source, created_at, updated_at, version)
            VALUES ($1, '3EB0ROW', '5511988887777@s.whatsapp.net', true, 'conversation', '{"conversation":"from the row"}', 1763700000, 'web', now(), now(), '1')
            """, c.Instance));
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "5511988887777", text = "from the row" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiTestBed.JsonAsync(response);
        Assert.Equal(1763700000, body.GetProperty("messageTimestamp").GetInt64());
        Assert.Equal("web", body.GetProperty("source").GetString());
        Assert.Equal("Você", body.GetProperty("pushName").GetString());
    }

    [Fact]
    public async Task Without_an_outcome_in_time_the_answer_is_202_with_the_command_id()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "200" });
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "5511999999999", text = "Hi" });
        var (_, command, _) = await bed.NextCommandAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ApiTestBed.JsonAsync(response);
        Assert.Equal(command.CommandId, body.GetProperty("commandId").GetString());
        Assert.Equal("PENDING", body.GetProperty("status").GetString());
        Assert.Equal($"/commands/{command.CommandId}", body.GetProperty("statusUrl").GetString());
        Assert.Equal($"/commands/{command.CommandId}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Prefer_respond_async_answers_202_without_waiting()
    {
        // A long wait that the test would notice only by hanging: the answer must not depend on it.
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "600000" });
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "5511999999999", text = "Hi" },
            adjust: r => r.Headers.Add("Prefer", "respond-async"));
        Assert.True(HttpStatusCode.Accepted == response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var (_, command, _) = await bed.NextCommandAsync();
        Assert.Equal(command.CommandId, (await ApiTestBed.JsonAsync(response)).GetProperty("commandId").GetString());
    }

    [Fact]
    public async Task A_rejection_answers_with_its_http_status_and_reason_in_Evolutions_shape()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        bed.Respond(_ => Outcome.Rejected(400, "'number' must be digits with a country code", "number"));
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "abc", text = "Hi" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"status":400,"error":"Bad Request","response":{"message":["'number' must be digits with a country code"]}}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_rate_limit_rejection_answers_429_with_Retry_After()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        bed.Respond(_ => Outcome.Rejected(429, "instance shop-1 is sending faster than its warm-up allows"));
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "5511999999999", text = "Hi" });
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(429, (await ApiTestBed.JsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_answers_with_the_original_commands_result()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertOutcomeAsync("original-1", "shop-1", Outcome.Executed("3EB0ORIG", "5511999999999@s.whatsapp.net"));
        bed.Respond(_ => new Outcome("rejected", "repeat of order-42", HttpStatus: 409, DuplicateOf: "original-1"));
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "5511999999999", text = "Hi" },
            adjust: r => r.Headers.Add("Idempotency-Key", "order-42"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("3EB0ORIG", (await ApiTestBed.JsonAsync(response)).GetProperty("key").GetProperty("id").GetString());
    }

    [Fact]
    public async Task When_Kafka_cannot_take_the_command_the_answer_is_503_with_Retry_After()
    {
        await using var host = await ApiHost.StartAsync(stack, new Dictionary<string, string?>
        {
            ["KAFKA_BROKERS"] = "127.0.0.1:1",
            ["KAFKA_CONNECTION_TIMEOUT"] = "1000",
            ["EVOSTREAM_API_PRODUCE_TIMEOUT_MS"] = "500",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/message/sendText/shop-1")
        {
            Content = new StringContent("""{"number":"5511999999999","text":"Hi"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("apikey", ApiTestBed.GlobalKey);
        var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(503, (await ApiTestBed.JsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("""{"number":"5511999999999"}""", "'text' is required")]
    [InlineData("""{"number":"5511999999999","text":"Hi","delay":"soon"}""", "'delay'")]
    [InlineData("""{"number":"5511999999999","text":"Hi","commandId":"mine"}""", "'commandId' is not a field of sendText")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"number":""", "not valid JSON")]
    public async Task Bad_bodies_answer_400_naming_the_field(string body, string expected)
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ApiTestBed.JsonAsync(response)).GetProperty("response").GetProperty("message")[0].GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_MAX_BODY_BYTES"] = "1024" });
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendText/shop-1", new { number = "5511999999999", text = new string('x', 4000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await ApiTestBed.JsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_multipart_sendMedia_carries_the_file_bytes_its_name_and_type()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "0" });
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("5511999999999"), "number");
        form.Add(new StringContent("image"), "mediatype");
        form.Add(new StringContent("look"), "caption");
        form.Add(new StringContent("1200"), "delay");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        file.Headers.ContentType = new("image/png");
        form.Add(file, "file", "photo.png");
        var response = await bed.SendAsync(HttpMethod.Post, "/message/sendMedia/shop-1", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (_, command, _) = await bed.NextCommandAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, command.SendMedia.Data.ToByteArray());
        Assert.Equal("photo.png", command.SendMedia.FileName);
        Assert.Equal("image/png", command.SendMedia.Mimetype);
        Assert.Equal("look", command.SendMedia.Caption);
        Assert.Equal(1200u, command.SendMedia.Options.DelayMs);
    }

    [Fact]
    public async Task The_rate_limit_answers_429_with_Retry_After_once_the_budget_is_spent()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_RATE_LIMIT_PER_MINUTE"] = "2" });
        await bed.InsertInstanceAsync("shop-1");
        Assert.Equal(HttpStatusCode.OK, (await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/shop-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/shop-1")).StatusCode);
        var limited = await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/shop-1");
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}
