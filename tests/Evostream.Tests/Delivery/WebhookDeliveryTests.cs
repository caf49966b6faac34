using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Evostream.Contracts.V1;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Google.Protobuf;
using Npgsql;

namespace Evostream.Tests.Delivery;

/// <summary>The delivery stage against a real receiver: retries, order, isolation, Evolution's options, signatures, parking and redelivery.</summary>
public sealed class WebhookDeliveryTests(EmbeddedStack stack)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_failing_endpoint_is_retried_in_order_without_holding_back_a_healthy_one_and_every_request_is_signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await DeliveryHarness.StartAsync(stack);
        await harness.ConfigureAsync("slow", new JsonObject
        {
            ["enabled"] = true, ["url"] = receiver.BaseUrl + "/flaky?apikey=hidden", ["byEvents"] = true, ["base64"] = false,
            ["events"] = new JsonArray("MESSAGES_UPSERT"),
            ["headers"] = new JsonObject { ["x-token"] = "s3cret-value", ["jwt_key"] = "jwt-signing-key" },
            ["secret"] = DeliveryHarness.WebhookSecret,
        });
        await harness.ConfigureAsync("fast", new JsonObject { ["enabled"] = true, ["url"] = receiver.BaseUrl + "/ok", ["events"] = new JsonArray() });
        for (var i = 0; i < 5; i++)
        {
            await harness.MessageAsync("slow", $"slow-{i}");
            await harness.MessageAsync("fast", $"fast-{i}");
        }

        await EventuallyAsync(() => receiver.Under("/flaky").Count(r => r.Answered == 200) == 5);

        // The healthy endpoint had all five before the failing one took its first.
        var fast = receiver.Under("/ok").Where(r => Tag(r) is { } t && t.StartsWith("fast-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["fast-0", "fast-1", "fast-2", "fast-3", "fast-4"], fast.Select(Tag));
        var firstSlowSuccess = receiver.Under("/flaky").First(r => r.Answered == 200).At;
        Assert.True(fast[^1].At < firstSlowSuccess, "the failing endpoint held back the healthy one");
        // instance.configured is Evostream's own event: an empty events list does not send it.
        Assert.DoesNotContain(receiver.Under("/ok"), r => Event(r) == "instance.configured");

        // Order: each event succeeded before the next was tried, and every try of one event carried one webhook-id.
        var slow = receiver.Under("/flaky").ToList();
        Assert.Equal(["slow-0", "slow-1", "slow-2", "slow-3", "slow-4"], slow.Where(r => r.Answered == 200).Select(Tag));
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => Enumerable.Repeat($"slow-{i}", 3)), slow.Select(Tag));
        foreach (var tries in slow.GroupBy(Tag))
        {
            Assert.Equal(3, tries.Count());
            Assert.Single(tries.Select(t => t.Id).Distinct());
            var times = tries.Select(t => t.At).ToList();
            Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"retry after {(times[1] - times[0]).TotalMilliseconds} ms; WEBHOOK_RETRY_INITIAL_DELAY_SECONDS=1");
            Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(1500), $"second retry after {(times[2] - times[1]).TotalMilliseconds} ms; backoff doubles to 2 s, jitter takes at most 20%");
        }

        var hook = slow.First(r => r.Answered == 200);
        Assert.Equal("/flaky/messages-upsert", hook.Path);
        Assert.Equal("s3cret-value", hook.Headers["x-token"]);
        Assert.False(hook.Headers.ContainsKey("jwt_key"));
        CheckJwt(hook.Headers["authorization"], "jwt-signing-key");

        using var body = JsonDocument.Parse(hook.Body);
        Assert.Equal(["event", "instance", "data", "destination", "server_url", "date_time", "sender", "apikey"],
            body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(receiver.BaseUrl + "/flaky/messages-upsert?apikey=hidden", body.RootElement.GetProperty("destination").GetString());

        foreach (var request in receiver.Received)
        {
            Assert.True(StandardWebhooksVerifier.VerifiesV1(request, DeliveryHarness.Secret), "v1 under EVOSTREAM_WEBHOOK_SECRET");
            Assert.True(StandardWebhooksVerifier.VerifiesV1a(request, harness.PublicKey), "v1a under EVOSTREAM_WEBHOOK_SIGNING_KEY");
            Assert.True(Math.Abs(long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture) - request.At.ToUnixTimeSeconds()) <= 5);
        }

        Assert.All(slow, r => Assert.True(StandardWebhooksVerifier.VerifiesV1(r, DeliveryHarness.WebhookSecret), "v1 under the webhook's own secret"));
        Assert.All(fast, r => Assert.False(StandardWebhooksVerifier.VerifiesV1(r, DeliveryHarness.WebhookSecret), "another instance's secret signed"));

        // The records: delivered after three attempts, the query string (an apikey) not kept.
        await EventuallyAsync(async () => await CountAsync(harness, "slow", "delivered", 3) == 5);
    }

    [Fact]
    public async Task A_delivery_parks_after_its_last_retry_later_events_go_on_and_redelivery_sends_it_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await DeliveryHarness.StartAsync(stack, new Dictionary<string, string?> { ["WEBHOOK_RETRY_MAX_ATTEMPTS"] = "2" });
        await harness.ConfigureAsync("parks", new JsonObject { ["enabled"] = true, ["url"] = receiver.BaseUrl + "/down", ["events"] = new JsonArray("MESSAGES_UPSERT") });
        var first = await harness.MessageAsync("parks", "p-0");
        await EventuallyAsync(async () => await CountAsync(harness, "parks", "parked", 2) == 1);
        receiver.Down = false;
        await harness.MessageAsync("parks", "p-1");
        await EventuallyAsync(() => receiver.Under("/down").Any(r => Tag(r) == "p-1" && r.Answered == 200));
        Assert.Equal(2, receiver.Under("/down").Count(r => Tag(r) == "p-0"));

        // The dead-letter topic has the payload with the reason.
        var dead = ReadOne(harness.Topics.WebhookDeadLetter);
        Assert.Equal(first, Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes("event-id")));
        Assert.Equal("503", Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes("webhook-status")));

        using var producer = new ProducerBuilder<string, byte[]>(new KafkaClientConfigs(stack.KafkaSettings(harness.Prefix)).Producer("test")).Build();
        var request = new WebhookRedeliverRequest { Instance = "parks", RequestedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        await producer.ProduceAsync(harness.Topics.WebhookRedeliver, new Message<string, byte[]> { Key = "parks", Value = request.ToByteArray() }, TestContext.Current.CancellationToken);
        await EventuallyAsync(() => receiver.Under("/down").Any(r => Tag(r) == "p-0" && r.Answered == 200));
        Assert.Equal(first, receiver.Under("/down").Last(r => Tag(r) == "p-0").Id);
        await EventuallyAsync(async () => await CountAsync(harness, "parks", "parked", null) == 0);
    }

    private async Task<long> CountAsync(DeliveryHarness harness, string instance, string state, int? attempts)
    {
        await using var connection = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM \"{harness.Schema}\".webhook_deliveries WHERE instance = $1 AND state = $2 AND ($3::int IS NULL OR attempts = $3) AND url NOT LIKE '%?%'", connection);
        command.Parameters.AddWithValue(instance);
        command.Parameters.AddWithValue(state);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)attempts ?? DBNull.Value);
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException)
        {
            return -1;
        }
    }

    private ConsumeResult<byte[], byte[]> ReadOne(string topic)
    {
        var config = new KafkaClientConfigs(stack.Kafka.SettingsFor("unused")).Consumer("test", "test-" + Guid.NewGuid().ToString("N"));
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        return consumer.Consume(s_patience) ?? throw new TimeoutException($"nothing on {topic}");
    }

    private static void CheckJwt(string authorization, string key)
    {
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var parts = authorization["Bearer ".Length..].Split('.');
        Assert.Equal(3, parts.Length);
        var expected = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        Assert.Equal(expected, parts[2]);
        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        using var claims = JsonDocument.Parse(FromBase64Url(parts[1]));
        Assert.Equal("evolution", claims.RootElement.GetProperty("app").GetString());
        Assert.Equal("webhook", claims.RootElement.GetProperty("action").GetString());
        Assert.Equal(600, claims.RootElement.GetProperty("exp").GetInt64() - claims.RootElement.GetProperty("iat").GetInt64());
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    private static string? Tag(ReceivedWebhook hook)
    {
        using var body = JsonDocument.Parse(hook.Body);
        return body.RootElement.GetProperty("data").TryGetProperty("key", out var key) ? key.GetProperty("id").GetString() : null;
    }

    private static string? Event(ReceivedWebhook hook)
    {
        using var body = JsonDocument.Parse(hook.Body);
        return body.RootElement.GetProperty("event").GetString();
    }

    private static Task EventuallyAsync(Func<bool> condition) => EventuallyAsync(() => Task.FromResult(condition()));

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var until = DateTimeOffset.UtcNow + s_patience;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(100);
        }
    }
}
