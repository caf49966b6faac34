using System.Diagnostics;
using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Microsoft.Extensions.Logging;

namespace Evostream.Platform.Streaming;

/// <summary>
/// The exactly-once consume-transform-produce loop every Kafka stage runs (invariant 2): records produced for a
/// batch and the batch's input offsets commit in one producer transaction; after an abort the consumer rewinds to
/// the committed offsets and the task reloads its state, so the batch is processed again as if for the first time.
/// One thread drives the consumer, the producer and the task, so a partition's records are handled in order.
/// </summary>
public sealed partial class TransactionalLoop(KafkaClientConfigs configs, StreamOptions options, IStreamTask task, ILogger logger)
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    private IProducer<byte[]?, byte[]?>? _producer;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private TransactionOutput? _output;
    private bool _dirty;
    private bool _needsRewind;
    private CancellationToken _ct;

    /// <summary>Runs until cancelled (then commits and leaves the group) or until a fatal error, which it throws.</summary>
    public Task RunAsync(CancellationToken ct) =>
        Task.Factory.StartNew(() => Run(ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken ct)
    {
        _ct = ct;
        using var producer = configs.ProducerBuilder<byte[]?, byte[]?>(configs.TransactionalProducer(options.Role, options.TransactionalId)).Build();
        _producer = producer;
        producer.InitTransactions(s_requestTimeout);

        using var consumer = configs.ConsumerBuilder<byte[]?, byte[]?>(configs.Consumer(options.Role, options.GroupId, options.CoPartitioned))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked([.. partitions.Select(p => p.TopicPartition)]))
            .SetPartitionsLostHandler((_, partitions) => OnLost([.. partitions.Select(p => p.TopicPartition)]))
            .Build();
        _consumer = consumer;
        var output = new TransactionOutput(producer);
        output.CheckpointHandler = Checkpoint;
        _output = output;

        producer.BeginTransaction();
        try
        {
            consumer.Subscribe(options.Topics);
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    if (_needsRewind)
                    {
                        Rewind();
                    }

                    RunBatch(output);
                }
                catch (KafkaTxnRequiresAbortException e)
                {
                    LogAborted(logger, options.Role, e.Error.Reason);
                    AbortAndRewind();
                }
                catch (Exception e) when (e is not KafkaException && _dirty)
                {
                    // A failing task must not have its half-done batch committed by the revocation on the way out.
                    LogFailed(logger, options.Role, e.Message);
                    Retrying(producer.AbortTransaction);
                    _dirty = false;
                    throw;
                }
            }

            if (_dirty)
            {
                Commit();
            }
        }
        finally
        {
            try
            {
                // Leaving the group revokes the assignment; the handler commits anything still open.
                consumer.Close();
            }
            catch (KafkaException e)
            {
                LogCloseFailed(logger, options.Role, e.Error.Reason);
            }
        }
    }

    private void RunBatch(TransactionOutput output)
    {
        var consumer = _consumer!;
        var clock = Stopwatch.StartNew();
        for (var count = 0; count < options.MaxBatch && !_needsRewind;)
        {
            var remaining = options.BatchTime - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            ConsumeResult<byte[]?, byte[]?>? record;
            try
            {
                record = consumer.Consume(remaining);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                LogConsumeError(logger, options.Role, e.Error.Reason);
                continue;
            }

            if (record is null)
            {
                break;
            }

            if (record.IsPartitionEOF)
            {
                continue;
            }

            Process(record, output);
            _dirty = true;
            count++;
        }

        if (!_needsRewind)
        {
            Await(task.PumpAsync(output, _ct).AsTask());
            _dirty |= output.Pending > 0;
        }

        if (_dirty && !_needsRewind)
        {
            Commit();
        }
    }

    private void Process(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output)
    {
        try
        {
            var pending = task.ProcessAsync(record, output, _ct);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is not KafkaException and not OperationCanceledException)
        {
            // A record the task cannot handle must not stop its partition: park it, with the reason, and move on.
            LogDeadLettered(logger, options.Role, record.Topic, record.Partition.Value, record.Offset.Value, e.Message);
            output.Produce(options.DeadLetterTopic, record.Message.Key, record.Message.Value, DeadLetterHeaders.For(record, options.Role, e));
        }
    }

    private void Commit() => Commit([]);

    private void Checkpoint(IReadOnlyCollection<TopicPartitionOffset> holdFrom)
    {
        Commit(holdFrom);
        // The held records still need a commit that passes them, even if nothing more is produced.
        _dirty = holdFrom.Count > 0;
    }

    private void Commit(IReadOnlyCollection<TopicPartitionOffset> holdFrom)
    {
        var producer = _producer!;
        var consumer = _consumer!;
        var held = new Dictionary<TopicPartition, long>();
        foreach (var hold in holdFrom.Concat(task.HeldFrom()))
        {
            held[hold.TopicPartition] = held.TryGetValue(hold.TopicPartition, out var first) ? Math.Min(first, hold.Offset.Value) : hold.Offset.Value;
        }

        var offsets = consumer.Assignment
            .Select(tp => new TopicPartitionOffset(tp, held.TryGetValue(tp, out var first) ? new Offset(first) : consumer.Position(tp)))
            .Where(o => o.Offset.Value >= 0)
            .ToList();
        Retrying(() => producer.SendOffsetsToTransaction(offsets, consumer.ConsumerGroupMetadata, s_requestTimeout));
        Retrying(producer.CommitTransaction);
        producer.BeginTransaction();
        _output!.Reset();
        _dirty = false;
        task.OnCommitted();
    }

    private void AbortAndRewind()
    {
        Retrying(_producer!.AbortTransaction);
        _producer.BeginTransaction();
        _output!.Reset();
        _dirty = false;
        Rewind();
    }

    /// <summary>Back to the last committed offsets, with the task's state reloaded to match them.</summary>
    private void Rewind()
    {
        var consumer = _consumer!;
        var assignment = consumer.Assignment;
        _needsRewind = false;
        if (assignment.Count == 0)
        {
            return;
        }

        Await(task.OnRevokedAsync(assignment, _ct));
        foreach (var committed in consumer.Committed(assignment, s_requestTimeout))
        {
            consumer.Seek(new TopicPartitionOffset(committed.TopicPartition, committed.Offset.IsSpecial ? Offset.Beginning : committed.Offset));
        }

        Await(task.OnAssignedAsync(assignment, _ct));
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        LogAssigned(logger, options.Role, string.Join(", ", partitions));
        Await(task.OnAssignedAsync(partitions, _ct));
    }

    private void OnRevoked(List<TopicPartition> partitions)
    {
        LogRevoked(logger, options.Role, string.Join(", ", partitions));
        if (_dirty)
        {
            try
            {
                // The group moves these partitions on when this handler returns: finish their work first,
                // including what the task keeps for its pump (effects it batches after the records).
                Await(task.PumpAsync(_output!, _ct).AsTask());
                Commit();
            }
            catch (KafkaTxnRequiresAbortException e)
            {
                LogAborted(logger, options.Role, e.Error.Reason);
                Retrying(_producer!.AbortTransaction);
                _producer.BeginTransaction();
                _output!.Reset();
                _dirty = false;
                _needsRewind = true;
            }
        }

        Await(task.OnRevokedAsync(partitions, _ct));
    }

    private void OnLost(List<TopicPartition> partitions)
    {
        LogLost(logger, options.Role, string.Join(", ", partitions));
        if (_dirty)
        {
            // Another replica may already own them: this transaction's offsets would be rejected, so drop it.
            Retrying(_producer!.AbortTransaction);
            _producer.BeginTransaction();
            _output!.Reset();
            _dirty = false;
            _needsRewind = true;
        }

        Await(task.OnRevokedAsync(partitions, _ct));
    }

    private static void Retrying(Action action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                action();
                return;
            }
            catch (KafkaRetriableException) when (attempt < 10)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    private static void Await(Task pending) => pending.GetAwaiter().GetResult();

    [LoggerMessage(LogLevel.Information, "{Role}: assigned {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string role, string partitions);

    [LoggerMessage(LogLevel.Information, "{Role}: revoked {Partitions}")]
    private static partial void LogRevoked(ILogger logger, string role, string partitions);

    [LoggerMessage(LogLevel.Warning, "{Role}: lost {Partitions}; their open transaction is aborted")]
    private static partial void LogLost(ILogger logger, string role, string partitions);

    [LoggerMessage(LogLevel.Warning, "{Role}: transaction aborted ({Reason}); rewinding to the committed offsets")]
    private static partial void LogAborted(ILogger logger, string role, string reason);

    [LoggerMessage(LogLevel.Warning, "{Role}: {Topic}[{Partition}]@{Offset} dead-lettered: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string role, string topic, int partition, long offset, string error);

    [LoggerMessage(LogLevel.Error, "{Role}: the task failed ({Error}); its open transaction is aborted")]
    private static partial void LogFailed(ILogger logger, string role, string error);

    [LoggerMessage(LogLevel.Warning, "{Role}: consume error: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string role, string reason);

    [LoggerMessage(LogLevel.Warning, "{Role}: leaving the group failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string role, string reason);
}
