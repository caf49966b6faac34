using System.Diagnostics;
using System.Globalization;
using System.Net;
using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios.Linking;
using Evostream.Bench.Scenarios.Pipeline;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Projections.Lag;
using Evostream.Projections.Storage;
using Npgsql;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// The whole pipeline in one process (Api, CommandProcessor, Connector with the simulator, Projections), fed
/// sendText commands both as JSON straight on the commands topic and through the REST API, at each instance count
/// on a fresh cluster and host with that many instances linked through it: sustained commands/s, and latency from
/// command submitted to send.message event and to message row.
/// </summary>
public sealed class EndToEndScenario : IScenario
{
    // Latency is measured at this fraction of the throughput just measured: loaded, but not queueing without end.
    private const double PacedLoad = 0.5;
    private const double LightLoad = 20;
    private static readonly TimeSpan s_pacedDuration = TimeSpan.FromSeconds(4);

    public string Name => "e2e";

    public async Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct)
    {
        var measurements = new List<Measurement>();
        var throughput = new Dictionary<string, List<(double, double)>>();
        var eventP99 = new List<(double, double)>();
        var rowP99 = new List<(double, double)>();
        foreach (var instances in profile.PipelineInstances)
        {
            // Each count on a cluster and host of its own, linking its instances from none: a larger count measured
            // after the smaller ones in one host also measured the records they had left in the in-memory broker.
            var count = await stack.OnFreshClusterAsync(cluster => AtInstanceCountAsync(cluster, profile, instances, ct));
            measurements.AddRange(count.Measurements);
            foreach (var (ingress, rate) in count.Throughput)
            {
                (throughput.TryGetValue(ingress, out var points) ? points : throughput[ingress] = []).Add((instances, rate));
            }

            eventP99.Add((instances, count.EventP99));
            rowP99.Add((instances, count.RowP99));
        }

        return new ScenarioResult(
            "e2e",
            "The whole pipeline in one process (Api, CommandProcessor, Connector with the simulator driver, Projections into PostgreSQL), sendText commands written as JSON to the commands topic (via Kafka) or POSTed to /message/sendText with Prefer: respond-async (via REST) for instances linked through it (createInstance command, QR scanned via the simulator control); throughput = send.message events/s over a burst; latency from the command handed to the producer (or the HTTP request started) to its send.message event readable (read_committed) and to its message row visible (polled every 5 ms), at half that throughput and at a light 20 commands/s, each paced run repeated and its percentiles summarised as median and spread",
            new Dictionary<string, string>
            {
                ["linked instances"] = string.Join(", ", profile.PipelineInstances.Select(i => i.ToString("N0", CultureInfo.InvariantCulture))),
                ["commands per throughput run"] = profile.PipelineCommands.ToString(CultureInfo.InvariantCulture),
                ["latency runs"] = $"{s_pacedDuration.TotalSeconds:0} s at {PacedLoad:0.#}× the measured throughput (charted), and at least 50 commands at {LightLoad:0}/s, {profile.Runs} runs each per instance count and ingress",
                ["partitions"] = $"{PipelineHost.Partitions} (commands, accepted, ledger, state, global events)",
                ["events"] = "JSON, global topics only (EVOSTREAM_INSTANCE_TOPICS=false)",
                ["REST clients"] = $"{profile.HttpClients} concurrent in a burst, global apikey",
                ["simulator"] = "no warm-up limits, no per-recipient pacing",
                ["stages"] = "default settings of each service, as in ./evostream dev",
                ["isolation"] = "each instance count on a fresh embedded cluster and pipeline host, its instances linked from none",
            },
            measurements,
            [
                .. throughput.Select(t => new Series($"e2e via {t.Key}: commands/s by linked instances", "linked instances", "commands/s", t.Value)),
                new Series("e2e via Kafka: p99 ms at half the burst rate, command to send.message event", "linked instances", "p99 ms", eventP99),
                new Series("e2e via Kafka: p99 ms at half the burst rate, command to message row in PostgreSQL", "linked instances", "p99 ms", rowP99),
            ]);
    }

    /// <summary>Links <paramref name="instances"/> instances through a fresh pipeline on <paramref name="cluster"/>, then measures it via each ingress.</summary>
    private static async Task<InstanceCount> AtInstanceCountAsync(BenchCluster cluster, Profile profile, int instances, CancellationToken ct)
    {
        await using var host = await PipelineHost.StartAsync(cluster, Stages.All, ct);
        await using var db = ProjectionStore.CreateDataSource(cluster.Postgres.ConnectionString, host.Schema);
        CommandFeed.ProduceEnvelopes(cluster.Configs, host.Topics.Commands, QrScanner.Creates(0, instances));
        await QrScanner.ScanUntilOpenAsync(host.Service<SimulatorControl>(), instances, ct);
        await WaitForInstanceRowsAsync(db, instances, ct);
        var label = instances == 1 ? "1 instance" : $"{instances:N0} instances";
        var measurements = new List<Measurement>();
        var throughput = new List<(string, double)>();
        double eventP99 = double.NaN, rowP99 = double.NaN;
        await using var kafka = new KafkaIngress(cluster, host.Topics.Commands);
        await using var rest = new RestIngress(host, profile.HttpClients);
        foreach (var ingress in new ICommandIngress[] { kafka, rest })
        {
            var rate = await Runs.RepeatedAsync(profile, _ => BurstAsync(cluster, host, ingress, profile, instances, ct));
            measurements.Add(new Measurement($"throughput via {ingress.Name}, {label}", "commands/s", rate));
            throughput.Add((ingress.Name, rate.Median));

            // Loaded (half the burst rate) shows queueing; light (a fixed trickle) shows the floor the stages'
            // batching and fetch waits set. The bursts just before warmed the pipeline, so every paced run counts.
            var loaded = true;
            foreach (var paced in new[] { Math.Max(1, rate.Median * PacedLoad), LightLoad })
            {
                await WaitForProjectorToCatchUpAsync(host, ct);
                var runs = new List<Latencies>();
                for (var run = 0; run < profile.Runs; run++)
                {
                    runs.Add(await PacedLatency.RunAsync(cluster, host, db, ingress, instances, paced, (int)Math.Max(50, paced * s_pacedDuration.TotalSeconds), ct));
                }

                foreach (var (what, values) in new (string, Func<Latencies, IReadOnlyList<double>>)[] { ("send.message", l => l.EventMs), ("message row", l => l.RowMs) })
                {
                    foreach (var (name, q) in new[] { ("p50", 0.5), ("p99", 0.99) })
                    {
                        var perRun = new Samples([.. runs.Select(r => Latencies.Percentile(values(r), q))]);
                        measurements.Add(new Measurement($"{name} to {what} via {ingress.Name}, {label} at {paced:0}/s", "ms", perRun, HigherIsBetter: false));
                        if (loaded && ingress == kafka && name == "p99" && what == "send.message")
                        {
                            eventP99 = perRun.Median;
                        }
                        else if (loaded && ingress == kafka && name == "p99")
                        {
                            rowP99 = perRun.Median;
                        }
                    }
                }

                loaded = false;
            }
        }

        return new InstanceCount(measurements, throughput, eventP99, rowP99);
    }

    /// <summary>send.message events/s while <see cref="Profile.PipelineCommands"/> commands arrive as fast as the ingress takes them.</summary>
    private static async Task<double> BurstAsync(BenchCluster cluster, PipelineHost host, ICommandIngress ingress, Profile profile, int instances, CancellationToken ct)
    {
        using var counter = await CommittedCounter.StartAsync(cluster, host.Sends, PipelineHost.Partitions);
        var counting = counter.RatePerSecondAsync(profile.PipelineCommands, TimeSpan.FromMinutes(3), ct);
        if (ingress is KafkaIngress)
        {
            CommandFeed.Produce(cluster, host.Topics.Commands, profile.PipelineCommands, instances);
        }
        else
        {
            using var http = HttpLoad.Client(host.BaseAddress, profile.HttpClients);
            await HttpLoad.RequestsPerSecondAsync(http, profile.PipelineCommands, profile.HttpClients, HttpStatusCode.Accepted, i => RestIngress.Request(i, CommandFeed.Instance(i % instances)), ct);
        }

        return await counting;
    }

    // A burst leaves the projector behind the send.message events it was counted by: a paced series started on that
    // backlog measured draining it (row p50 of seconds in its first run, hundreds of ms after), not latency.
    private static async Task WaitForProjectorToCatchUpAsync(PipelineHost host, CancellationToken ct)
    {
        var lag = host.Service<LagMonitor>();
        var patience = TimeSpan.FromMinutes(3);
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < patience;)
        {
            // One offset behind is caught up: the last offset of a partition written by transactions is the commit
            // marker, which the stored offset (last event + 1) never passes.
            if ((await lag.MeasureAsync(ct)).Partitions.All(p => p.Lag <= 1))
            {
                return;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"the projector still had events to apply {patience.TotalMinutes:0} minutes after the burst");
    }

    // The processor learns an instance is open from the connector's state topic, which it reads beside the commands:
    // give it until the read model (fed by the same connector's events) has a row for every instance, and a moment
    // more. A send it still thought closed would be rejected and the throughput run would fail, not pass quietly.
    // Only rows are awaited, not 'open': a few instances linked in one burst can stay 'connecting' in the read model.
    private static async Task WaitForInstanceRowsAsync(NpgsqlDataSource db, int instances, CancellationToken ct)
    {
        // Ten thousand instances take a while to be created, linked and projected: allow 30 s plus 20 ms each.
        var patience = TimeSpan.FromSeconds(30) + (instances * TimeSpan.FromMilliseconds(20));
        await using var count = db.CreateCommand("SELECT count(*) FROM instances");
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < patience;)
        {
            try
            {
                if ((long)(await count.ExecuteScalarAsync(ct))! >= instances)
                {
                    await Task.Delay(2000, ct);
                    return;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The projections have not migrated their schema yet.
            }

            await Task.Delay(100, ct);
        }

        await using var states = db.CreateCommand("SELECT connection_status || ' ' || count(*) FROM instances GROUP BY connection_status");
        var seen = new List<string>();
        await using (var reader = await states.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                seen.Add(reader.GetString(0));
            }
        }

        throw new TimeoutException($"the read model did not show {instances} instances within {patience.TotalSeconds:0} s (it shows {string.Join(", ", seen)})");
    }

    /// <summary>What one instance count measured; the p99s are those charted (via Kafka, at half the burst rate).</summary>
    private sealed record InstanceCount(IReadOnlyList<Measurement> Measurements, IReadOnlyList<(string Ingress, double Rate)> Throughput, double EventP99, double RowP99);
}
