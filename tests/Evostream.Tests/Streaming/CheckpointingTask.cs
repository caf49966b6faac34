using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Streaming;

namespace Evostream.Tests.Streaming;

/// <summary>
/// Writes "intent:v" for each record, checkpoints holding the batch's records, then "done:v" for each: the shape of
/// a stage with effects outside Kafka. <see cref="FailAfterCheckpoint"/> aborts the transaction after the first
/// checkpoint, as a crash between an effect and its commit would leave it.
/// </summary>
internal sealed class CheckpointingTask(string outputTopic) : IStreamTask
{
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _batch = [];
    private int _failed;

    public bool FailAfterCheckpoint { get; init; }

    public ConcurrentQueue<string> Seen { get; } = new();

    public int Commits;

    public Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct) => Task.CompletedTask;

    public Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        _batch.Clear();
        return Task.CompletedTask;
    }

    public ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetString(record.Message.Value ?? []);
        Seen.Enqueue(text);
        output.Produce(outputTopic, record.Message.Key, Encoding.UTF8.GetBytes("intent:" + text));
        _batch.Add(record);
        return ValueTask.CompletedTask;
    }

    public ValueTask PumpAsync(TransactionOutput output, CancellationToken ct)
    {
        if (_batch.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        output.Checkpoint([.. _batch.Select(r => r.TopicPartitionOffset)]);
        if (FailAfterCheckpoint && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            _batch.Clear();
            throw new KafkaTxnRequiresAbortException(new Error(ErrorCode.InvalidTxnState, "injected after the checkpoint"));
        }

        foreach (var record in _batch)
        {
            output.Produce(outputTopic, record.Message.Key, Encoding.UTF8.GetBytes("done:" + Encoding.UTF8.GetString(record.Message.Value ?? [])));
        }

        _batch.Clear();
        return ValueTask.CompletedTask;
    }

    public void OnCommitted() => Interlocked.Increment(ref Commits);
}
