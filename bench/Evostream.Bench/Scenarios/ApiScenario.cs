using System.Globalization;
using System.Net;
using System.Text;
using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios.Pipeline;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// The Api's POST /message/sendText/{instance} with <c>Prefer: respond-async</c> (answered 202 once Kafka has the
/// command, without waiting for its outcome), on a real Kestrel port under concurrent HTTP clients, against a minimal
/// endpoint that only produces a record of the same size with the same producer config.
/// </summary>
public sealed class ApiScenario : IScenario
{
    public string Name => "api";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        // The global key passes the route's auth without a read-model lookup, and the send routes have no instance
        // existence check (the CommandProcessor decides that), so no instance rows are needed.
        await using var api = await PipelineHost.StartAsync(cluster, Stages.Api, ct);
        var body = Encoding.UTF8.GetBytes("""{"number":"5511999000001","text":"order 1 is on its way: thanks for shopping with us"}""");
        var baselineTopic = cluster.NewName("bench.api.raw");
        cluster.Kafka.CreateTopic(baselineTopic, PipelineHost.Partitions, 3);
        await using var baseline = await ProduceOnlyEndpoint.StartAsync(cluster, baselineTopic, body, ct);
        using var apiHttp = HttpLoad.Client(api.BaseAddress, profile.HttpClients);
        using var rawHttp = HttpLoad.Client(baseline.BaseAddress, profile.HttpClients);

        HttpRequestMessage Send(int i)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/message/sendText/{CommandFeed.Instance(i % profile.Instances)}")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
            };
            request.Headers.Add("apikey", PipelineHost.ApiKey);
            request.Headers.Add("Prefer", "respond-async");
            return request;
        }

        HttpRequestMessage Produce(int i) => new(HttpMethod.Post, $"/produce/{CommandFeed.Instance(i % profile.Instances)}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };

        var (subject, raw) = await Runs.PairedAsync(
            profile,
            _ => HttpLoad.RequestsPerSecondAsync(apiHttp, profile.HttpRequests, profile.HttpClients, HttpStatusCode.Accepted, Send, ct),
            _ => HttpLoad.RequestsPerSecondAsync(rawHttp, profile.HttpRequests, profile.HttpClients, HttpStatusCode.Accepted, Produce, ct));

        return new ScenarioResult(
            "api",
            "The Api's POST /message/sendText/{instance} with Prefer: respond-async on Kestrel (202 once Kafka acknowledged the command) vs a minimal Kestrel endpoint that produces a record of the same size with the same producer config",
            new Dictionary<string, string>
            {
                ["requests per run"] = profile.HttpRequests.ToString(CultureInfo.InvariantCulture),
                ["concurrent HTTP clients"] = profile.HttpClients.ToString(CultureInfo.InvariantCulture),
                ["instances"] = profile.Instances.ToString(CultureInfo.InvariantCulture),
                ["record"] = $"{ProduceOnlyEndpoint.ApiRecordSize(body)} bytes of command JSON, 2 headers",
                ["producer"] = "KafkaClientConfigs.Producer (acks=all, idempotent) with linger 1 ms, as the Api's",
                ["commands topic"] = $"{PipelineHost.Partitions} partitions, replication 3",
                ["auth"] = "global apikey",
            },
            [new Measurement("throughput", "requests/s", subject, raw, "produce-only endpoint", Target: 0.5)]);
    }
}
