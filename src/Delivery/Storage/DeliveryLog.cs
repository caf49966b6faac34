using System.Threading.Channels;
using Evostream.Projections.Migrations;
using Evostream.Projections.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evostream.Delivery.Storage;

/// <summary>
/// Writes delivery records to PostgreSQL off the delivery path: a receiver is never kept waiting for the database.
/// Kafka (the retries and dead-letter topics) is the durable record; this table is the view the Api lists, so a
/// write that fails is retried, and rows past the retention are deleted every hour.
/// </summary>
public sealed partial class DeliveryLog(NpgsqlDataSource db, string schema, TimeSpan retention, Migrator migrator, TimeProvider time, ILogger<DeliveryLog> logger)
{
    private const int MaxBatch = 1000;
    private readonly Channel<DeliveryRecord> _pending = Channel.CreateUnbounded<DeliveryRecord>(new UnboundedChannelOptions { SingleReader = true });

    public static NpgsqlDataSource CreateDataSource(string connectionString, string schema) =>
        new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString).Build();

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await migrator.MigrateAsync(connection, schema, DeliveryMigrations.All, ct);
    }

    public void Add(DeliveryRecord record) => _pending.Writer.TryWrite(record);

    public async Task RunAsync(CancellationToken ct)
    {
        var swept = DateTimeOffset.MinValue;
        var batch = new List<DeliveryRecord>();
        while (await _pending.Reader.WaitToReadAsync(ct))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await WriteAsync(batch, ct);
                    break;
                }
                catch (NpgsqlException e) when (!ct.IsCancellationRequested)
                {
                    LogWriteFailed(logger, batch.Count, attempt, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt)), time, ct);
                }
            }

            batch.Clear();
            if (time.GetUtcNow() - swept > TimeSpan.FromHours(1))
            {
                swept = time.GetUtcNow();
                await SweepAsync(ct);
            }
        }
    }

    private async Task WriteAsync(List<DeliveryRecord> records, CancellationToken ct)
    {
        // The newest of each delivery wins within a batch, as across batches.
        var latest = records.GroupBy(r => r.DeliveryId).Select(g => g.MaxBy(r => r.UpdatedAt)!).ToList();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new Unnest<DeliveryRecord>(latest)
            .Text("delivery_id", r => r.DeliveryId).Text("instance", r => r.Instance).Text("event", r => r.Event)
            .Text("event_id", r => r.EventId).Text("target", r => r.Target).Text("url", r => r.Url).Text("state", r => r.State)
            .Int("attempts", r => r.Attempts).Int("last_status", r => r.LastStatus).Text("last_error", r => r.LastError)
            .Int("feed_partition", r => r.FeedPartition).Long("feed_offset", r => r.FeedOffset)
            .Time("first_attempt_at", r => r.FirstAttemptAt).Time("updated_at", r => r.UpdatedAt)
            .Insert("webhook_deliveries", """
                ON CONFLICT (delivery_id) DO UPDATE SET url = excluded.url, state = excluded.state, attempts = excluded.attempts,
                    last_status = excluded.last_status, last_error = excluded.last_error, updated_at = excluded.updated_at
                WHERE excluded.updated_at >= t.updated_at
                """));
        await batch.ExecuteNonQueryAsync(ct);
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            await using var command = db.CreateCommand("DELETE FROM webhook_deliveries WHERE updated_at < $1");
            command.Parameters.AddWithValue((time.GetUtcNow() - retention).UtcDateTime);
            var deleted = await command.ExecuteNonQueryAsync(ct);
            LogSwept(logger, deleted, (int)retention.TotalDays);
        }
        catch (NpgsqlException e)
        {
            LogSweepFailed(logger, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "delivery: writing {Count} delivery records failed (attempt {Attempt}): {Error}; retrying")]
    private static partial void LogWriteFailed(ILogger logger, int count, int attempt, string error);

    [LoggerMessage(LogLevel.Information, "delivery: deleted {Count} delivery records older than {Days} days")]
    private static partial void LogSwept(ILogger logger, int count, int days);

    [LoggerMessage(LogLevel.Warning, "delivery: deleting old delivery records failed: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string error);
}
