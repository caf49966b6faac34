using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Projections.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evostream.Projections.Reading;

/// <summary>
/// Reads the event topics and writes the read models, exactly once (invariant 5): offsets live in PostgreSQL with
/// the rows, the consumer seeks to them on assignment, and the Kafka group only spreads partitions across replicas.
/// One thread drives the consumer and the writes, so each partition is applied in offset order.
/// </summary>
public sealed partial class Projector(
    KafkaClientConfigs configs, ProjectionsSettings settings, ProjectionStore store, RecordBatch batches, InputTopics topics,
    TimeProvider time, ILogger<Projector> logger)
{
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_fillPoll = TimeSpan.FromMilliseconds(20);

    // What the store held (or this projector last wrote) for each assigned partition; -1 when it held nothing.
    private readonly Dictionary<TopicPartition, long> _expected = [];
    private readonly object _gate = new();

    /// <summary>Events written since start, for progress and tests.</summary>
    public long Projected => Interlocked.Read(ref _projected);

    private long _projected;

    /// <summary>The partitions this projector owns now.</summary>
    public IReadOnlyList<TopicPartition> Assigned
    {
        get
        {
            lock (_gate)
            {
                return [.. _expected.Keys];
            }
        }
    }

    public Task RunAsync(CancellationToken ct) =>
        Task.Factory.StartNew(() => Run(ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Run(CancellationToken ct)
    {
        var config = configs.Consumer("projections", settings.GroupId);
        // New instances create new topics; find them within seconds rather than librdkafka's default five minutes.
        config.TopicMetadataRefreshIntervalMs = 2_000;
        // Read models should trail the log by milliseconds: do not let an idle fetch wait half a second for data.
        config.FetchWaitMaxMs = 20;
        using var consumer = configs.ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions, ct))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition)))
            .Build();
        consumer.Subscribe(topics.Subscription);
        var backoff = TimeSpan.FromMilliseconds(200);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var records = Collect(consumer, ct);
                try
                {
                    if (records.Count == 0)
                    {
                        await ResyncIfMovedAsync(consumer, ct);
                        continue;
                    }

                    await WriteAsync(records, ct);
                    backoff = TimeSpan.FromMilliseconds(200);
                }
                catch (OffsetConflictException e)
                {
                    LogConflict(logger, e.Message);
                    await RewindAsync(consumer, ct);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
                {
                    // The batch rolled back; read it again once the database answers.
                    LogDatabaseError(logger, e.Message, backoff.TotalSeconds);
                    await Task.Delay(backoff, time, ct);
                    backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 10_000));
                    await RewindAsync(consumer, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> Collect(IConsumer<byte[]?, byte[]?> consumer, CancellationToken ct)
    {
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var wait = s_idlePoll;
        while (records.Count < settings.MaxBatch && !ct.IsCancellationRequested)
        {
            ConsumeResult<byte[]?, byte[]?>? record;
            try
            {
                record = consumer.Consume(wait);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                LogConsumeError(logger, e.Error.Reason);
                break;
            }

            if (record is null || record.IsPartitionEOF)
            {
                break;
            }

            records.Add(record);
            wait = s_fillPoll;
        }

        lock (_gate)
        {
            // A rebalance inside Consume may have taken partitions away: their records belong to the new owner now.
            return records.Where(r => _expected.ContainsKey(r.TopicPartition)).ToList();
        }
    }

    private async Task WriteAsync(List<ConsumeResult<byte[]?, byte[]?>> records, CancellationToken ct)
    {
        Dictionary<TopicPartition, long> expected;
        lock (_gate)
        {
            expected = new(_expected);
        }

        var (rows, advances) = await batches.BuildAsync(records, expected, ct);
        await store.WriteAsync(rows, advances, ct);
        lock (_gate)
        {
            foreach (var advance in advances)
            {
                var tp = new TopicPartition(advance.Topic, advance.Partition);
                if (_expected.ContainsKey(tp))
                {
                    _expected[tp] = advance.Next;
                }
            }
        }

        Interlocked.Add(ref _projected, rows.Events);
        if (rows.Parked.Count > 0)
        {
            LogParked(logger, rows.Parked.Count, rows.Parked[0].Topic, rows.Parked[0].Partition, rows.Parked[0].Offset, rows.Parked[0].Error);
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions, CancellationToken ct)
    {
        var stored = LoadWithRetry(partitions, ct);
        lock (_gate)
        {
            foreach (var tp in partitions)
            {
                _expected[tp] = stored.TryGetValue((tp.Topic, tp.Partition.Value), out var next) ? next : -1;
            }
        }

        LogAssigned(logger, partitions.Count);
        return partitions.Select(tp => new TopicPartitionOffset(tp, stored.TryGetValue((tp.Topic, tp.Partition.Value), out var next) ? new Offset(next) : Offset.Beginning));
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var tp in partitions)
            {
                _expected.Remove(tp);
            }
        }
    }

    // A write notices moved offsets by its compare-and-set failing; an idle projector has no write to fail. Without
    // this, records it applied to tables a rebuild has since replaced would stay missing until the next event came.
    private async Task ResyncIfMovedAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken ct)
    {
        var assigned = Assigned;
        if (assigned.Count == 0)
        {
            return;
        }

        var stored = await store.LoadOffsetsAsync([.. assigned.Select(tp => (tp.Topic, tp.Partition.Value))], ct);
        bool moved;
        lock (_gate)
        {
            moved = assigned.Any(tp => _expected.TryGetValue(tp, out var expected)
                && expected != (stored.TryGetValue((tp.Topic, tp.Partition.Value), out var next) ? next : -1));
        }

        if (moved)
        {
            LogConflict(logger, "Stored offsets moved while this projector was idle (a rebuild swapped the tables).");
            await RewindAsync(consumer, ct);
        }
    }

    private async Task RewindAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken ct)
    {
        var assigned = Assigned;
        var stored = await store.LoadOffsetsAsync([.. assigned.Select(tp => (tp.Topic, tp.Partition.Value))], ct);
        lock (_gate)
        {
            foreach (var tp in assigned.Where(_expected.ContainsKey))
            {
                var found = stored.TryGetValue((tp.Topic, tp.Partition.Value), out var next);
                _expected[tp] = found ? next : -1;
                consumer.Seek(new TopicPartitionOffset(tp, found ? new Offset(next) : Offset.Beginning));
            }
        }
    }

    // Called inside Consume on the consumer thread: block until the database answers, since seeking anywhere else
    // could apply events twice or skip them.
    private Dictionary<(string Topic, int Partition), long> LoadWithRetry(List<TopicPartition> partitions, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                return store.LoadOffsetsAsync([.. partitions.Select(tp => (tp.Topic, tp.Partition.Value))], ct).GetAwaiter().GetResult();
            }
            catch (NpgsqlException e) when (!ct.IsCancellationRequested)
            {
                LogDatabaseError(logger, e.Message, delay.TotalSeconds);
                Task.Delay(delay, time, ct).GetAwaiter().GetResult();
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Projections: assigned {Count} partitions; reading from their stored offsets")]
    private static partial void LogAssigned(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Projections: {Message} Seeking to the stored offsets.")]
    private static partial void LogConflict(ILogger logger, string message);

    [LoggerMessage(LogLevel.Warning, "Projections: database error ({Reason}); the batch rolled back and is read again in {Seconds} s")]
    private static partial void LogDatabaseError(ILogger logger, string reason, double seconds);

    [LoggerMessage(LogLevel.Warning, "Projections: consume error {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "Projections: parked {Count} unreadable records in parked_records, first {Topic}[{Partition}]@{Offset}: {Error}")]
    private static partial void LogParked(ILogger logger, int count, string topic, int partition, long offset, string error);
}
