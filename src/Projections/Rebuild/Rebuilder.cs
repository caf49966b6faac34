using System.Diagnostics;
using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Projections.Migrations;
using Evostream.Projections.Reading;
using Evostream.Projections.Storage;
using Npgsql;

namespace Evostream.Projections.Rebuild;

/// <summary>
/// Rebuilds the read models from offset zero into a shadow schema while the current tables keep serving, then swaps
/// the schemas in one transaction. A live projector notices the swap by its stored offsets having moved, seeks to
/// the rebuilt ones and carries on from there, so no event is lost or applied twice across the swap.
/// </summary>
public sealed class Rebuilder(KafkaClientConfigs configs, ProjectionsSettings settings, InputTopics topics, RecordBatch batches, Migrator migrator, string connectionString)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    // Replay has no latency to keep: larger transactions fold more events on the same row into one row write.
    private const int RebuildBatch = 50_000;

    public string ShadowSchema => settings.Schema + "_rebuild";

    public async Task<RebuildResult> RunAsync(IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var shadowSource = ProjectionStore.CreateDataSource(connectionString, ShadowSchema);
        await PrepareShadowAsync(shadowSource, ct);
        var shadow = new ProjectionStore(shadowSource, ShadowSchema);

        var config = configs.Consumer("projections-rebuild", settings.GroupId + "-rebuild");
        config.EnablePartitionEof = true;
        config.FetchMaxBytes = 64 * 1024 * 1024;
        using var consumer = configs.ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var targets = Targets(consumer);
        var total = targets.Values.Sum();
        var remaining = targets.Where(t => t.Value > 0).Select(t => t.Key).ToHashSet();
        consumer.Assign(targets.Keys.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));

        var expected = new Dictionary<TopicPartition, long>();
        long events = 0;
        var batchSize = Math.Max(settings.MaxBatch, RebuildBatch);
        // One batch writes while the next is read and parsed: the two take about as long, and PostgreSQL works in its
        // own process. Writes stay strictly one after another, so offsets still advance in order, batch by batch.
        Task writing = Task.CompletedTask;
        try
        {
            while (remaining.Count > 0)
            {
                var records = Collect(consumer, targets, remaining, batchSize, ct);
                if (records.Count == 0)
                {
                    continue;
                }

                var (rows, advances) = await batches.BuildAsync(records, expected, ct);
                foreach (var advance in advances)
                {
                    expected[new TopicPartition(advance.Topic, advance.Partition)] = advance.Next;
                }

                await writing;
                progress?.Report(new RebuildProgress(events, total, clock.Elapsed));
                writing = shadow.WriteAsync(rows, advances, ct);
                events += records.Count;
            }

            await writing;
        }
        finally
        {
            // Never leave a write running against a data source that is about to be disposed.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        progress?.Report(new RebuildProgress(events, total, clock.Elapsed));
        await SwapAsync(ct);
        clock.Stop();
        return new RebuildResult(events, clock.Elapsed, targets.Count);
    }

    private static List<ConsumeResult<byte[]?, byte[]?>> Collect(
        IConsumer<byte[]?, byte[]?> consumer, Dictionary<TopicPartition, long> targets, HashSet<TopicPartition> remaining, int batchSize, CancellationToken ct)
    {
        var records = new List<ConsumeResult<byte[]?, byte[]?>>(batchSize);
        while (records.Count < batchSize && remaining.Count > 0)
        {
            var record = consumer.Consume(records.Count == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(50));
            ct.ThrowIfCancellationRequested();
            if (record is null)
            {
                break;
            }

            if (record.IsPartitionEOF)
            {
                if (record.Offset.Value >= targets[record.TopicPartition])
                {
                    remaining.Remove(record.TopicPartition);
                }

                continue;
            }

            records.Add(record);
            if (record.Offset.Value + 1 >= targets[record.TopicPartition])
            {
                remaining.Remove(record.TopicPartition);
            }
        }

        return records;
    }

    private async Task PrepareShadowAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await using (var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{ShadowSchema}\" CASCADE", connection))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        await migrator.MigrateAsync(connection, ShadowSchema, ct: ct);
    }

    // What "the log" means for this rebuild: every partition up to its high watermark now. Later events reach the
    // new tables through the live projector after the swap.
    private Dictionary<TopicPartition, long> Targets(IConsumer<byte[]?, byte[]?> consumer)
    {
        using var admin = configs.AdminBuilder(configs.Admin("projections-rebuild")).Build();
        return admin.GetMetadata(s_timeout).Topics
            .Where(t => topics.Accepts(t.Topic) && t.Error.Code == ErrorCode.NoError)
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId)))
            .ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, s_timeout).High.Value);
    }

    private async Task SwapAsync(CancellationToken ct)
    {
        var live = settings.Schema;
        var retired = live + "_retired";
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection, tx))
        {
            exists.Parameters.AddWithValue("t", $"\"{live}\".projection_offsets");
            if ((bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                // Waits for the live projector's open batch, and holds its next one until the swap commits; that one
                // then fails on the retired table and the projector reloads offsets from the new one.
                await Execute(connection, tx, $"LOCK TABLE \"{live}\".projection_offsets IN ACCESS EXCLUSIVE MODE", ct);
            }
        }

        await Execute(connection, tx, $"DROP SCHEMA IF EXISTS \"{retired}\" CASCADE", ct);
        await Execute(connection, tx, $"ALTER SCHEMA \"{live}\" RENAME TO \"{retired}\"", ct, ignoreMissing: true);
        await Execute(connection, tx, $"ALTER SCHEMA \"{ShadowSchema}\" RENAME TO \"{live}\"", ct);
        await Execute(connection, tx, $"DROP SCHEMA IF EXISTS \"{retired}\" CASCADE", ct);
        await tx.CommitAsync(ct);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct, bool ignoreMissing = false)
    {
        if (ignoreMissing)
        {
            sql = $"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{sql.Split('"')[1]}') THEN EXECUTE '{sql.Replace("'", "''", StringComparison.Ordinal)}'; END IF; END $$";
        }

        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
