using System.Diagnostics;
using System.Globalization;
using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios.Linking;
using Evostream.Bench.Scenarios.Pipeline;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Projections.Storage;
using Npgsql;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// The whole pipeline in one process (Api, CommandProcessor, Connector with the simulator, Projections), fed
/// sendText commands as JSON straight on the commands topic, with more and more instances linked through it:
/// sustained commands/s, and latency from command produced to send.message event and to message row.
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
        await using var host = await PipelineHost.StartAsync(stack, Stages.All, ct);
        await using var db = ProjectionStore.CreateDataSource(stack.Postgres.ConnectionString, host.Schema);
        var control = host.Service<SimulatorControl>();
        var measurements = new List<Measurement>();
        var throughput = new List<(double, double)>();
        var eventP99 = new List<(double, double)>();
        var rowP99 = new List<(double, double)>();
        var linked = 0;
        foreach (var instances in profile.PipelineInstances)
        {
            CommandFeed.ProduceEnvelopes(stack.Configs, host.Topics.Commands, QrScanner.Creates(linked, instances));
            linked = instances;
            await QrScanner.ScanUntilOpenAsync(control, instances, ct);
            await WaitForInstanceRowsAsync(db, instances, ct);

            var rate = await Runs.RepeatedAsync(profile, async _ =>
            {
                using var counter = await CommittedCounter.StartAsync(stack, host.Sends, PipelineHost.Partitions);
                CommandFeed.Produce(stack, host.Topics.Commands, profile.PipelineCommands, instances);
                return await counter.RatePerSecondAsync(profile.PipelineCommands, TimeSpan.FromMinutes(3));
            });
            var label = instances == 1 ? "1 instance" : $"{instances:N0} instances";
            measurements.Add(new Measurement($"throughput, {label}", "commands/s", rate));
            Latencies? loaded = null;
            // Loaded (half the burst rate) shows queueing; light (a fixed trickle) shows the floor the stages' batching sets.
            foreach (var paced in new[] { Math.Max(1, rate.Median * PacedLoad), LightLoad })
            {
                var latency = await PacedLatency.RunAsync(stack, host, db, instances, paced, (int)Math.Max(50, paced * s_pacedDuration.TotalSeconds), ct);
                loaded ??= latency;
                foreach (var (what, values) in new[] { ("send.message", latency.EventMs), ("message row", latency.RowMs) })
                {
                    foreach (var (name, q) in new[] { ("p50", 0.5), ("p99", 0.99) })
                    {
                        measurements.Add(new Measurement($"{name} to {what}, {label} at {paced:0}/s", "ms", new Samples([Latencies.Percentile(values, q)]), HigherIsBetter: false));
                    }
                }
            }

            var (eventMs, rowMs) = (loaded!.EventMs, loaded.RowMs);
            throughput.Add((instances, rate.Median));
            eventP99.Add((instances, Latencies.Percentile(eventMs, 0.99)));
            rowP99.Add((instances, Latencies.Percentile(rowMs, 0.99)));
        }

        return new ScenarioResult(
            "e2e",
            "The whole pipeline in one process (Api, CommandProcessor, Connector with the simulator driver, Projections into PostgreSQL), sendText commands written as JSON to the commands topic for instances linked through it (createInstance command, QR scanned via the simulator control); throughput = send.message events/s over a burst; latency from the command handed to the producer to its send.message event readable (read_committed) and to its message row visible (polled every 5 ms), at half that throughput and at a light 20 commands/s",
            new Dictionary<string, string>
            {
                ["linked instances"] = string.Join(", ", profile.PipelineInstances.Select(i => i.ToString("N0", CultureInfo.InvariantCulture))),
                ["commands per throughput run"] = profile.PipelineCommands.ToString(CultureInfo.InvariantCulture),
                ["latency runs"] = $"{s_pacedDuration.TotalSeconds:0} s at {PacedLoad:0.#}× the measured throughput (charted), and at least 50 commands at {LightLoad:0}/s, once each per instance count",
                ["partitions"] = $"{PipelineHost.Partitions} (commands, accepted, ledger, state, global events)",
                ["events"] = "JSON, per-instance and global topics",
                ["simulator"] = "no warm-up limits, no per-recipient pacing",
                ["stages"] = "default settings of each service, as in ./evostream dev",
            },
            measurements,
            [
                new Series("e2e: commands/s by linked instances", "linked instances", "commands/s", throughput),
                new Series("e2e: p99 ms, command to send.message event", "linked instances", "p99 ms", eventP99),
                new Series("e2e: p99 ms, command to message row in PostgreSQL", "linked instances", "p99 ms", rowP99),
            ]);
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
}
