using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// The done-criterion of Evolution compatibility: records Evostream produces in JSON mode are read by kcat and by a
/// plain kafkajs consumer (tests/clients/kafkajs-consumer.js, written as in Evolution's Kafka docs) exactly as
/// Evolution's docs describe: key, string headers, and a body that JSON.parse turns into Evolution's event.
/// </summary>
public class RealClientTests(EmbeddedStack stack)
{
    private static readonly string s_clients = NodeClients.Folder;
    private static readonly TimeSpan s_clientTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kcat_reads_the_key_string_headers_and_the_body_of_both_modes()
    {
        var ct = TestContext.Current.CancellationToken;
        var kcat = ExternalTool.Require("kcat", "apt-get install -y kcat (eng/test.sh does so when it runs as root)");
        var publishing = new EventPublishing(EmbeddedStack.NewPrefix("kcat"), PerInstanceTopics: true, GlobalTopics: true, EventSamples.ServerUrl);
        var records = EventRecords.Json(EventSamples.For("messages.upsert"), publishing);
        await ProduceAsync(publishing.TopicPrefix, records, ct);

        Assert.Equal(2, records.Count);
        foreach (var record in records)
        {
            var run = await ExternalTool.RunAsync(
                kcat, ["-C", "-b", stack.Kafka.BootstrapServers, "-t", record.Topic, "-o", "beginning", "-e", "-J"], s_clients, s_clientTimeout, ct);
            Assert.True(run.ExitCode == 0, run.ToString());

            using var message = JsonDocument.Parse(Assert.Single(Lines(run.Stdout)));
            var read = message.RootElement;
            Assert.Equal(record.Topic, read.GetProperty("topic").GetString());
            Assert.Equal(record.Key, read.GetProperty("key").GetString());
            Assert.Equal(record.Headers, HeaderPairs(read.GetProperty("headers")));
            Assert.Equal(Encoding.UTF8.GetString(GoldenFiles.Bytes("messages.upsert")), read.GetProperty("payload").GetString());
        }
    }

    [Fact]
    public async Task A_plain_kafkajs_consumer_reads_global_topics_as_Evolution_s_docs_describe()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = ExternalTool.Require("node", "install Node.js and npm (apt-get install -y nodejs npm)");
        await NodeClients.EnsureInstalledAsync(ct);
        var publishing = new EventPublishing(EmbeddedStack.NewPrefix("kjs"), PerInstanceTopics: false, GlobalTopics: true, EventSamples.ServerUrl);
        string[] events = ["messages.upsert", "qrcode.updated"];
        var records = events.SelectMany(name => EventRecords.Json(EventSamples.For(name), publishing)).ToList();
        await ProduceAsync(publishing.TopicPrefix, records, ct);

        // The topics of the docs' example, under this test's prefix.
        string[] topics = [$"{publishing.TopicPrefix}.global.messages.upsert", $"{publishing.TopicPrefix}.global.qrcode.updated"];
        Assert.Equal(topics, records.Select(r => r.Topic));
        var run = await ExternalTool.RunAsync(
            node, ["kafkajs-consumer.js", stack.Kafka.BootstrapServers, string.Join(',', topics), $"{records.Count}", "45000"], s_clients, s_clientTimeout, ct);
        Assert.True(run.ExitCode == 0, run.ToString());

        var printed = Lines(run.Stdout).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(topics.Order(StringComparer.Ordinal), printed.Select(p => p.GetProperty("topic").GetString()).Order(StringComparer.Ordinal));
        foreach (var (name, record) in events.Zip(records))
        {
            var seen = printed.Single(p => p.GetProperty("topic").GetString() == record.Topic);
            Assert.Equal(record.Key, seen.GetProperty("key").GetString());
            Assert.Equal(record.Headers.ToDictionary(), seen.GetProperty("headers").Deserialize<Dictionary<string, string>>());
            Assert.Equal(name, seen.GetProperty("event").GetString());
            Assert.Equal(EventSamples.Instance, seen.GetProperty("instance").GetString());
            using var golden = JsonDocument.Parse(GoldenFiles.Bytes(name));
            Assert.True(JsonElement.DeepEquals(golden.RootElement, seen.GetProperty("body")), $"kafkajs parsed {name} as {seen.GetProperty("body")}");
        }

        var upsert = printed.Single(p => p.GetProperty("event").GetString() == "messages.upsert");
        Assert.Equal("3EB0C431C26A1916E07D", upsert.GetProperty("keyId").GetString());
        Assert.Equal("Olá, pessoal! Ça va? 日本語もOK 👋", upsert.GetProperty("body").GetProperty("data").GetProperty("message").GetProperty("conversation").GetString());
        var qr = printed.Single(p => p.GetProperty("event").GetString() == "qrcode.updated");
        Assert.Equal(JsonValueKind.Null, qr.GetProperty("body").GetProperty("data").GetProperty("qrcode").GetProperty("pairingCode").ValueKind);
    }

    private async Task ProduceAsync(string prefix, IEnumerable<EventRecord> records, CancellationToken ct)
    {
        var list = records.ToList();
        foreach (var topic in list.Select(r => r.Topic).Distinct())
        {
            stack.Kafka.CreateTopic(topic, partitions: 3, replicationFactor: 3);
        }

        using var producer = new ProducerBuilder<string, byte[]>(new KafkaClientConfigs(stack.KafkaSettings(prefix)).Producer("test")).Build();
        foreach (var record in list)
        {
            var headers = new Headers();
            foreach (var (name, value) in record.Headers)
            {
                headers.Add(name, Encoding.UTF8.GetBytes(value));
            }

            await producer.ProduceAsync(record.Topic, new Message<string, byte[]> { Key = record.Key, Value = record.Value, Headers = headers }, ct);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // kcat -J writes headers as one flat array: name, value, name, value...
    private static List<KeyValuePair<string, string>> HeaderPairs(JsonElement headers) =>
        [.. headers.EnumerateArray().Select(h => h.GetString()!).Chunk(2).Select(pair => new KeyValuePair<string, string>(pair[0], pair[1]))];
}
