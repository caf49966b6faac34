using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Kafka;
using Evostream.Tests.CommandProcessor;
using Evostream.Tests.Contracts.Evolution;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Repartition;

/// <summary>
/// Commands written to the commands topic by real Kafka clients, whatever their partitioner, for instances created
/// and linked over REST, through the whole pipeline in one host (Api, CommandProcessor, Connector with the
/// simulator, Projections): each runs once, each producer's order per instance holds, rejections reach
/// command.rejected with the reason. Needs Debian's kcat and python3-confluent-kafka, and Node.js.
/// </summary>
public sealed class KafkaIngressTests(EmbeddedStack stack) : IAsyncLifetime
{
    // The catalog's default partition count, which ./evostream dev and this host use.
    private const int Partitions = 12;
    private static readonly string s_clients = RepoRoot.File("tests", "clients");
    private static readonly TimeSpan s_clientTimeout = TimeSpan.FromSeconds(60);

    // A command crosses four transactional stages before its send.message is readable; on a machine shared by many
    // test runs that has taken over a minute.
    private static readonly TimeSpan s_pipelineTimeout = TimeSpan.FromMinutes(3);
    private readonly List<string> _files = [];
    private WholeStackHost _host = null!;
    private HttpClient _http = null!;

    private string Commands => new StageTopics(Prefix).Commands;

    private string Prefix => _host.Prefix;

    public async ValueTask InitializeAsync()
    {
        // Creating and linking are answered synchronously here, however slow a loaded machine makes the pipeline.
        _host = await WholeStackHost.StartAsync(stack, "ingress", new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "180000" });
        _http = _host.Http;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _files.ForEach(File.Delete);
    }

    [Fact]
    public async Task A_command_from_kcat_with_no_partitioner_option_for_an_instance_created_over_REST_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var kcat = ExternalTool.Require("kcat", "apt-get install -y kcat (eng/test.sh does so when it runs as root)");
        // A name kcat's default partitioner (CRC-32) puts on another partition than the instance's home.
        var instance = Crc32Partitions.OffHomeNames("kin", Partitions).First();
        await CreateAndLinkAsync(instance, "5511900000101");
        using var sends = new TopicTail(Configs, EvolutionTopics.PerInstance(Prefix, instance, "send.message"));

        // The README's one-liner, with this test's broker, prefix and instance.
        var command = $"echo '{{\"command\":\"sendText\",\"instance\":\"{instance}\",\"number\":\"5511988887777\",\"text\":\"from kcat\"}}' "
            + $"| {kcat} -P -b {stack.Kafka.BootstrapServers} -t {Commands} -k {instance}";
        var run = await ExternalTool.RunAsync("bash", ["-c", command], s_clients, s_clientTimeout, ct);
        Assert.True(run.ExitCode == 0, run.ToString());

        var sent = Assert.Single(sends.WaitFor(1, timeout: s_pipelineTimeout));
        using var body = JsonDocument.Parse(sent.Message.Value);
        Assert.Equal("send.message", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("from kcat", body.RootElement.GetProperty("data").GetProperty("message").GetProperty("conversation").GetString());
        Assert.Equal("5511988887777@s.whatsapp.net", body.RootElement.GetProperty("data").GetProperty("key").GetProperty("remoteJid").GetString());
    }

    [Fact]
    public async Task Commands_from_kcat_kafkajs_Confluent_Kafka_and_Python_run_once_each_in_each_producers_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var kcat = ExternalTool.Require("kcat", "apt-get install -y kcat (eng/test.sh does so when it runs as root)");
        var node = ExternalTool.Require("node", "install Node.js and npm (apt-get install -y nodejs npm)");
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : ExternalTool.Require("python3", "apt-get install -y python3-confluent-kafka");
        await NodeClients.EnsureInstalledAsync(ct);

        var instances = Crc32Partitions.OffHomeNames("multi", Partitions).Take(2).ToList();
        await CreateAndLinkAsync(instances[0], "5511900000201");
        await CreateAndLinkAsync(instances[1], "5511900000202");
        using var sends0 = new TopicTail(Configs, EvolutionTopics.PerInstance(Prefix, instances[0], "send.message"));
        using var sends1 = new TopicTail(Configs, EvolutionTopics.PerInstance(Prefix, instances[1], "send.message"));
        using var rejectedEvents = new TopicTail(Configs, EvolutionTopics.PerInstance(Prefix, instances[0], "command.rejected"));
        using var rejected = new TopicTail(Configs, new StageTopics(Prefix).RejectedCommands);

        const int each = 4;
        string[] clients = ["kcat", "kcat-murmur2", "kafkajs", "dotnet", "python"];
        (string Key, string Value) Command(string client, string instance, int i) =>
            (instance, SendText(instance, $"{client}-{instance}-{i}", i));
        List<(string? Key, string Value)> For(string client) =>
            [.. Enumerable.Range(0, each).SelectMany(i => instances.Select(instance => Command(client, instance, i)))];

        // kcat: one run per key, with its default partitioner and with murmur2_random. Idempotence keeps its own
        // order across retries (kcat's defaults allow many requests in flight, which a retry on a loaded broker reorders).
        foreach (var (client, extra) in new[] { ("kcat", new[] { "-X", "enable.idempotence=true" }), ("kcat-murmur2", ["-X", "enable.idempotence=true", "-X", "partitioner=murmur2_random"]) })
        {
            foreach (var instance in instances)
            {
                var file = await LinesAsync(For(client).Where(c => c.Key == instance).Select(c => c.Value), ct);
                var run = await ExternalTool.RunAsync(kcat, ["-P", "-b", stack.Kafka.BootstrapServers, "-t", Commands, "-k", instance, .. extra, "-l", file], s_clients, s_clientTimeout, ct);
                Assert.True(run.ExitCode == 0, run.ToString());
            }
        }

        // kafkajs and Python's confluent-kafka: one producer each, both instances interleaved.
        foreach (var (client, program, script) in new[] { ("kafkajs", node, "kafkajs-producer.js"), ("python", python, "confluent_kafka_producer.py") })
        {
            var file = await LinesAsync(For(client).Select(c => JsonSerializer.Serialize(new { key = c.Key, value = c.Value })), ct);
            var run = await ExternalTool.RunAsync(program, [script, stack.Kafka.BootstrapServers, Commands, file], s_clients, s_clientTimeout, ct);
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        // Confluent.Kafka for .NET with its default partitioner, named.
        using (var dotnet = new ProducerBuilder<string?, string>(new ProducerConfig
        {
            BootstrapServers = stack.Kafka.BootstrapServers, Partitioner = Partitioner.ConsistentRandom, EnableIdempotence = true,
        }).Build())
        {
            foreach (var (key, value) in For("dotnet"))
            {
                await dotnet.ProduceAsync(Commands, new Message<string?, string> { Key = key, Value = value }, ct);
            }
        }

        // No key: attributed by the instance field. A missing text, and a key naming another instance: rejected.
        var keyless = await LinesAsync([SendText(instances[0], "keyless-0", 99)], ct);
        var noText = await LinesAsync([$$"""{"command":"sendText","instance":"{{instances[0]}}","commandId":"no-text","number":"5511977770000"}"""], ct);
        var mismatch = await LinesAsync([SendText(instances[1], "mismatch", 98)], ct);
        foreach (var args in new[] { new[] { "-l", keyless }, ["-k", instances[0], "-l", noText], ["-k", instances[0], "-l", mismatch] })
        {
            var run = await ExternalTool.RunAsync(kcat, ["-P", "-b", stack.Kafka.BootstrapServers, "-t", Commands, .. args], s_clients, s_clientTimeout, ct);
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var executed = new Dictionary<string, List<string>>
        {
            [instances[0]] = CommandIds(sends0.WaitFor((clients.Length * each) + 1, TimeSpan.FromSeconds(2), s_pipelineTimeout)),
            [instances[1]] = CommandIds(sends1.WaitFor(clients.Length * each, TimeSpan.FromSeconds(2), s_pipelineTimeout)),
        };
        foreach (var instance in instances)
        {
            var ids = executed[instance];
            Assert.Equal(ids.Count, ids.Distinct().Count());
            foreach (var client in clients)
            {
                Assert.Equal(Enumerable.Range(0, each).Select(i => $"{client}-{instance}-{i}"), ids.Where(id => id.StartsWith(client + "-" + instance, StringComparison.Ordinal)));
            }
        }

        Assert.Contains("keyless-0", executed[instances[0]]);
        Assert.Equal((clients.Length * each) + 1, executed[instances[0]].Count);
        Assert.Equal(clients.Length * each, executed[instances[1]].Count);

        var reasons = rejected.WaitFor(2, timeout: s_pipelineTimeout).ToDictionary(r => TopicTail.Header(r, "command-id"), r => TopicTail.Header(r, "rejection-reason"));
        Assert.Equal(2, reasons.Count);
        Assert.Equal("'text' is required", reasons["no-text"]);
        Assert.Equal($"'instance' '{instances[1]}' does not match the record key '{instances[0]}': commands must be keyed by their instance name", reasons["mismatch"]);
        var events = rejectedEvents.WaitFor(2, timeout: s_pipelineTimeout).Select(r => JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("data")).ToList();
        Assert.Equal(reasons.Values.Order(StringComparer.Ordinal), events.Select(e => e.GetProperty("reason").GetString()).Order(StringComparer.Ordinal));
    }

    private KafkaClientConfigs Configs => new(stack.KafkaSettings(Prefix));

    private static string SendText(string instance, string commandId, int i) =>
        $$"""{"command":"sendText","instance":"{{instance}}","commandId":"{{commandId}}","number":"55119888{{i:D5}}","text":"{{commandId}}"}""";

    private static List<string> CommandIds(IEnumerable<ConsumeResult<string?, byte[]?>> sends) =>
        [.. sends.Select(r => TopicTail.Header(r, EvolutionHeaders.CausationId))];

    private async Task<string> LinesAsync(IEnumerable<string> lines, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"evostream-ingress-{Guid.NewGuid():N}.txt");
        _files.Add(path);
        await File.WriteAllLinesAsync(path, lines, ct);
        return path;
    }

    private async Task CreateAndLinkAsync(string instance, string phone)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await _http.PostAsJsonAsync("/instance/create", new { instanceName = instance, qrcode = true }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct));
        var code = body.RootElement.GetProperty("qrcode").GetProperty("code").GetString();
        Assert.True(_host.Service<SimulatorControl>().ScanQr(code, phone).Ok);
        for (var i = 0; i < 1800; i++)
        {
            using var state = JsonDocument.Parse(await _http.GetStringAsync($"/instance/connectionState/{instance}", ct));
            if (state.RootElement.GetProperty("instance").GetProperty("state").GetString() == "open")
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        Assert.Fail($"{instance} did not connect within 3 minutes");
    }
}
