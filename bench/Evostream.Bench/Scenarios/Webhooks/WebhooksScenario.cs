using System.Globalization;
using System.Net;
using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios.Pipeline;

namespace Evostream.Bench.Scenarios.Webhooks;

/// <summary>
/// The delivery stage posting <c>messages.upsert</c> webhooks for N instances (one ordered queue each) to a local
/// Kestrel receiver, against N bare HttpClient POST loops sending the same body to the same receiver; then the
/// latency it adds, from an event handed to Kafka to its webhook received, at a steady 20 events/s.
/// </summary>
public sealed class WebhooksScenario : IScenario
{
    private const double PacedRate = 20;

    public string Name => "webhooks";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        // One queue per instance and target delivers in order, one request at a time: as many instances as the
        // baseline has concurrent loops.
        var instances = profile.HttpClients;
        var events = profile.HttpRequests;
        var probes = profile.LatencyProbes * 5;
        await using var receiver = await CountingReceiver.StartAsync(ct);
        await using var host = await PipelineHost.StartAsync(cluster, Stages.Delivery, ct);
        using var feed = new WebhookFeed(cluster, host.Topics.Prefix, instances);
        feed.Configure(receiver.BaseAddress);

        // Every instance's queue and connection exist before the first measured run, and the baseline gets a body.
        for (var i = 0; i < instances; i++)
        {
            feed.Message();
        }

        feed.Flush();
        await receiver.UntilHooksAsync(instances, TimeSpan.FromMinutes(2), ct);
        var body = receiver.Sample!;
        using var raw = HttpLoad.Client(receiver.BaseAddress, instances);

        HttpRequestMessage Post(int i)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, CountingReceiver.RawPath)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
            };
            request.Headers.TryAddWithoutValidation("webhook-id", $"raw-{i}");
            return request;
        }

        async Task<double> DeliverAsync()
        {
            var target = receiver.Hooks + events;
            var started = receiver.Clock.Elapsed;
            for (var i = 0; i < events; i++)
            {
                feed.Message();
            }

            feed.Flush();
            await receiver.UntilHooksAsync(target, TimeSpan.FromMinutes(5), ct);
            return events / (receiver.Clock.Elapsed - started).TotalSeconds;
        }

        var (subject, baseline) = await Runs.PairedAsync(
            profile,
            _ => DeliverAsync(),
            _ => HttpLoad.RequestsPerSecondAsync(raw, events, instances, HttpStatusCode.OK, Post, ct));

        var p50 = new List<double>();
        var p99 = new List<double>();
        await Runs.RepeatedAsync(profile, async run =>
        {
            var latencies = await PacedAsync(receiver, feed, probes, ct);
            if (run >= 0)
            {
                p50.Add(Latencies.Percentile(latencies, 0.50));
                p99.Add(Latencies.Percentile(latencies, 0.99));
            }

            return 0;
        });

        return new ScenarioResult(
            "webhooks",
            "The delivery stage's webhooks (messages.upsert, one ordered queue per instance) to a local Kestrel receiver vs as many bare HttpClient POST loops sending the same body to it; event → webhook latency at 20 events/s",
            new Dictionary<string, string>
            {
                ["instances (queues)"] = instances.ToString(CultureInfo.InvariantCulture),
                ["baseline loops"] = instances.ToString(CultureInfo.InvariantCulture),
                ["webhooks per run"] = events.ToString(CultureInfo.InvariantCulture),
                ["body"] = $"{body.Length} bytes (the delivered payload)",
                ["signing"] = "none (Evolution's default)",
                ["event feed"] = $"{PipelineHost.Partitions} partitions, replication 3",
                ["latency"] = $"{probes} events per run at {PacedRate:0}/s, from the feed producer's call to the receiver's first byte of the handler",
            },
            [
                new Measurement("throughput", "webhooks/s", subject, baseline, "bare HttpClient POST loops", Target: 0.5),
                new Measurement($"event → webhook latency p50 at {PacedRate:0}/s", "ms", new Samples(p50), HigherIsBetter: false),
                new Measurement($"event → webhook latency p99 at {PacedRate:0}/s", "ms", new Samples(p99), HigherIsBetter: false),
            ]);
    }

    private static async Task<List<double>> PacedAsync(CountingReceiver receiver, WebhookFeed feed, int count, CancellationToken ct)
    {
        var sent = new Dictionary<string, long>(StringComparer.Ordinal);
        var start = receiver.Clock.Elapsed;
        for (var i = 0; i < count; i++)
        {
            var due = start + TimeSpan.FromSeconds(i / PacedRate);
            while (receiver.Clock.Elapsed < due)
            {
                await Task.Delay(1, ct);
            }

            var at = receiver.Clock.ElapsedTicks;
            sent[feed.Message()] = at;
        }

        var deadline = receiver.Clock.Elapsed + TimeSpan.FromMinutes(2);
        while (sent.Keys.Any(id => !receiver.ArrivedAt.ContainsKey(id)))
        {
            if (receiver.Clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{sent.Keys.Count(id => !receiver.ArrivedAt.ContainsKey(id))} of {count} paced webhooks never arrived");
            }

            await Task.Delay(5, ct);
        }

        return [.. sent.Select(s => (receiver.ArrivedAt[s.Key] - s.Value) * 1000.0 / System.Diagnostics.Stopwatch.Frequency)];
    }
}
