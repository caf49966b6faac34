using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Streaming;

namespace Evostream.Tests.Streaming;

/// <summary>A stage with no input of its own: it pumps whatever is queued into each batch's transaction.</summary>
internal sealed class PumpingTask(string outputTopic) : IStreamTask
{
    public ConcurrentQueue<string> Queued { get; } = new();

    public Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct) => Task.CompletedTask;

    public Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct) => Task.CompletedTask;

    public ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask PumpAsync(TransactionOutput output, CancellationToken ct)
    {
        while (Queued.TryDequeue(out var value))
        {
            output.Produce(outputTopic, Encoding.UTF8.GetBytes("pumped"), Encoding.UTF8.GetBytes(value));
        }

        return ValueTask.CompletedTask;
    }
}
