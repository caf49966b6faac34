using Confluent.Kafka;
using Evostream.Platform.Streaming;

namespace Evostream.Bench.Scenarios;

/// <summary>Copies each record unchanged: what is left is the cost of Evostream's loop itself.</summary>
public sealed class PassthroughTask(string outputTopic) : IStreamTask
{
    public Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct) => Task.CompletedTask;

    public Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct) => Task.CompletedTask;

    public ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct)
    {
        output.Produce(outputTopic, record.Message.Key, record.Message.Value);
        return ValueTask.CompletedTask;
    }
}
