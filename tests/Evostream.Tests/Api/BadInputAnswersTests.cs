using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api;

/// <summary>
/// A user's mistake is answered to that user: over REST with 400 or 404 and the reason, over Kafka as a rejection
/// that <c>GET /commands/{id}</c> shows, never only on the dead-letter topic and never as "unknown".
/// </summary>
public sealed class BadInputAnswersTests(EmbeddedStack stack) : IAsyncLifetime
{
    private WholeStackHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await WholeStackHost.StartAsync(stack, "badin");

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("has space", "contains ' '")]
    [InlineData("ação", "contains 'ç', 'ã'")]
    [InlineData("global", "is reserved")]
    public async Task A_create_with_a_name_that_cannot_be_an_instance_is_refused_at_once_naming_the_rule(string name, string rule)
    {
        var clock = Stopwatch.StartNew();
        var response = await _host.Http.PostAsJsonAsync("/instance/create", new { instanceName = name, qrcode = true }, Ct);
        var took = clock.Elapsed;

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Contains("instanceName: instance name", body, StringComparison.Ordinal);
        Assert.Contains(rule, body, StringComparison.Ordinal);
        // Answered by the Api itself, not after a round trip through Kafka.
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
    }

    [Fact]
    public async Task A_name_longer_than_its_topics_allow_is_refused_with_the_limit()
    {
        var response = await _host.Http.PostAsJsonAsync("/instance/create", new { instanceName = new string('a', 300) }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Contains("is 300 characters", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_to_an_instance_that_does_not_exist_answers_404_with_the_reason_and_the_command_shows_it()
    {
        var response = await _host.Http.PostAsJsonAsync("/message/sendText/nobody-here", new { number = "5511988887777", text = "hi" }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.StatusCode}: {body}");
        Assert.Contains("'nobody-here' does not exist", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_Kafka_a_bad_name_and_an_unknown_instance_are_rejections_that_GET_commands_shows_not_dead_letters()
    {
        var configs = new KafkaClientConfigs(stack.KafkaSettings(_host.Prefix));
        var topics = new StageTopics(_host.Prefix);
        using (var producer = new ProducerBuilder<string, string>(configs.Producer("test-bad-input")).Build())
        {
            await producer.ProduceAsync(topics.Commands, new Message<string, string>
            {
                Key = "has space",
                Value = """{"command":"createInstance","instance":"has space","commandId":"bad-name-1"}""",
            }, Ct);
            await producer.ProduceAsync(topics.Commands, new Message<string, string>
            {
                Key = "ghost",
                Value = """{"command":"sendText","instance":"ghost","commandId":"ghost-1","number":"5511988887777","text":"hi"}""",
            }, Ct);
        }

        var badName = await CommandAsync("bad-name-1");
        Assert.Equal("rejected", badName.GetProperty("status").GetString());
        Assert.Equal(400, badName.GetProperty("httpStatus").GetInt32());
        Assert.Equal("instanceName", badName.GetProperty("field").GetString());
        Assert.Contains("contains ' '", badName.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("createInstance", badName.GetProperty("command").GetString());

        var ghost = await CommandAsync("ghost-1");
        Assert.Equal("rejected", ghost.GetProperty("status").GetString());
        Assert.Equal(404, ghost.GetProperty("httpStatus").GetInt32());
        Assert.Contains("'ghost' does not exist", ghost.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Both were attributable, so neither went to the dead-letter topic.
        var dead = StateTopicReaderOf(configs, topics.DeadLetter);
        Assert.DoesNotContain(dead, r => r.Message.Value is { } v && Encoding.UTF8.GetString(v).Contains("bad-name-1", StringComparison.Ordinal));
    }

    private static IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> StateTopicReaderOf(KafkaClientConfigs configs, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = configs.Settings.Brokers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId);
        return Evostream.Platform.Streaming.StateTopicReader.ReadAll(configs, "test", topic, partitions, Ct);
    }

    private async Task<JsonElement> CommandAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await _host.Http.GetAsync($"/commands/{id}", Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"GET /commands/{id} still answers {response.StatusCode} after 60 s");
            await Task.Delay(100, Ct);
        }
    }
}
