using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Evostream.Bench.Measuring;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Kafka;
using Evostream.Projections;
using Evostream.Projections.Migrations;
using Evostream.Projections.Reading;
using Evostream.Projections.Rebuild;
using Evostream.Projections.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// Replay: rebuilding the read models from offset zero (the code behind <c>evostream projections rebuild</c>) over a
/// simulated conversation log, against binary COPY of as many message rows; then event-to-row latency of single
/// messages through a live projector.
/// </summary>
public sealed class RebuildScenario : IScenario
{
    private const int Instances = 10;
    private const int Partitions = 6;
    private const int MaxBatch = 5_000;

    public string Name => "rebuild";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        var prefix = cluster.NewName("rb");
        var feed = new ConversationFeed(prefix, Instances);
        feed.CreateTopics(cluster, Partitions);
        var produced = Stopwatch.StartNew();
        feed.Produce(cluster, profile.ReplayEvents);
        Console.WriteLine($"  produced {profile.ReplayEvents:N0} events in {produced.Elapsed.TotalSeconds:0.0} s");

        var settings = cluster.SettingsFor(prefix);
        var projections = ProjectionsSettings.Default with { Schema = cluster.NewName("rb_"), MaxBatch = MaxBatch };
        var topics = new InputTopics(settings);
        var batches = new RecordBatch(new EventRecordReader(new ProtobufWireDeserializer<EventEnvelope>()), topics);
        var rebuilder = new Rebuilder(new KafkaClientConfigs(settings), projections, topics, batches, new Migrator(NullLogger<Migrator>.Instance), cluster.Postgres.ConnectionString);

        var (rebuild, copy) = await Runs.PairedAsync(
            profile,
            async _ =>
            {
                var result = await rebuilder.RunAsync(null, ct);
                // The mock cluster once dropped old records silently; a rebuild that read less than the log is no number.
                return result.Events == profile.ReplayEvents
                    ? result.EventsPerSecond
                    : throw new InvalidOperationException($"rebuild read {result.Events:N0} events of the {profile.ReplayEvents:N0} produced: the log lost records or the rebuild skipped some.");
            },
            _ => CopyBaselineScenario.CopyAsync(cluster.Postgres, cluster.NewName("copy_"), profile.ReplayEvents, ct));

        var (p50, p99) = await LatencyAsync(cluster, profile, ct);
        return new ScenarioResult(
            "Replay: read-model rebuild",
            "Projections rebuild from offset zero (events/s) vs binary COPY of as many message rows; event-to-row latency with a live projector",
            new Dictionary<string, string>
            {
                ["events"] = profile.ReplayEvents.ToString(CultureInfo.InvariantCulture),
                ["event mix"] = "1/7 each: messages.upsert, command.accepted, send.message, command.executed, messages.update, chats.update, contacts.upsert",
                ["instances"] = Instances.ToString(CultureInfo.InvariantCulture),
                ["event topics"] = $"{Instances * ConversationFeed.Kinds.Length} per-instance, {Partitions} partitions each, JSON",
                ["max batch"] = MaxBatch.ToString(CultureInfo.InvariantCulture),
                ["latency probes"] = $"{profile.LatencyProbes} single messages.upsert per run, produced one at a time",
            },
            [
                new Measurement("rebuild rate", "events/s", rebuild, copy, "binary COPY of as many rows", Target: 0.5),
                new Measurement("rebuild rate vs target", "events/s", rebuild, Target: 50_000),
                new Measurement("event→row latency p50", "ms", p50, HigherIsBetter: false),
                new Measurement("event→row latency p99", "ms", p99, HigherIsBetter: false),
            ]);
    }

    /// <summary>A fresh instance topic, a live projector on it, and messages produced one at a time until their row appears.</summary>
    private static async Task<(Samples P50, Samples P99)> LatencyAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        var prefix = cluster.NewName("lat");
        var settings = cluster.SettingsFor(prefix);
        var configs = new KafkaClientConfigs(settings);
        const string Instance = "live";
        var topic = EvolutionTopics.PerInstance(prefix, Instance, "messages.upsert");
        cluster.Kafka.CreateTopic(topic, 1, 3);
        var projections = ProjectionsSettings.Default with { Schema = cluster.NewName("lat_"), GroupId = cluster.NewName("bench-live"), MaxBatch = MaxBatch };
        await using (var connection = new NpgsqlConnection(cluster.Postgres.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await new Migrator(NullLogger<Migrator>.Instance).MigrateAsync(connection, projections.Schema, ct: ct);
        }

        await using var source = ProjectionStore.CreateDataSource(cluster.Postgres.ConnectionString, projections.Schema);
        var topics = new InputTopics(settings);
        var batches = new RecordBatch(new EventRecordReader(new ProtobufWireDeserializer<EventEnvelope>()), topics);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var projector = new Projector(configs, projections, new ProjectionStore(source, projections.Schema), batches, topics, TimeProvider.System, NullLogger<Projector>.Instance);
        var live = Task.Run(() => projector.RunAsync(stop.Token), CancellationToken.None);
        var feed = new ConversationFeed(prefix, 1);
        using var producer = configs.ProducerBuilder<string, byte[]>(configs.Producer("bench-latency")).Build();
        var p50 = new List<double>();
        var p99 = new List<double>();
        var probe = 0;
        try
        {
            await Runs.RepeatedAsync(profile, async run =>
            {
                var latencies = new List<double>();
                for (var i = 0; i < profile.LatencyProbes; i++)
                {
                    var keyId = $"LAT{probe++:D6}";
                    var record = EventRecords.Json(ConversationFeed.Inbound(probe, Instance, keyId), feed.Publishing)[0];
                    var clock = Stopwatch.StartNew();
                    await producer.ProduceAsync(record.Topic, ConversationFeed.Message(record), ct);
                    // The first probe also waits for the projector to join its group; warm-ups absorb it.
                    await WaitForRowAsync(source, keyId, TimeSpan.FromSeconds(run < 0 && i == 0 ? 120 : 30), ct);
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }

                latencies.Sort();
                if (run >= 0)
                {
                    p50.Add(Percentile(latencies, 0.50));
                    p99.Add(Percentile(latencies, 0.99));
                }

                return latencies[latencies.Count / 2];
            });
        }
        finally
        {
            await stop.CancelAsync();
            await live;
        }

        return (new Samples(p50), new Samples(p99));
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static async Task WaitForRowAsync(NpgsqlDataSource source, string keyId, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        await using var command = source.CreateCommand("SELECT count(*) FROM messages WHERE key_id = $1");
        command.Parameters.AddWithValue(keyId);
        while (deadline.Elapsed < timeout)
        {
            if ((long)(await command.ExecuteScalarAsync(ct))! > 0)
            {
                return;
            }

            await Task.Delay(2, ct);
        }

        throw new TimeoutException($"the row of message {keyId} did not appear within {timeout.TotalSeconds:0} s: the live projector is not keeping up.");
    }
}
