using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Streaming;

namespace Evostream.Tests.Streaming;

/// <summary>A stage that upper-cases each value into <paramref name="outputTopic"/> and refuses "poison".</summary>
internal sealed class UppercaseTask(string outputTopic) : IStreamTask
{
    public ConcurrentDictionary<TopicPartition, bool> Owned { get; } = new();

    public int Reloads;

    public Func<ConsumeResult<byte[]?, byte[]?>, Task>? BeforeProcess { get; set; }

    public Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        Interlocked.Increment(ref Reloads);
        foreach (var p in partitions)
        {
            Owned[p] = true;
        }

        return Task.CompletedTask;
    }

    public Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        foreach (var p in partitions)
        {
            Owned.TryRemove(p, out _);
        }

        return Task.CompletedTask;
    }

    public async ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct)
    {
        if (BeforeProcess is { } hook)
        {
            await hook(record);
        }

        var text = Encoding.UTF8.GetString(record.Message.Value ?? []);
        if (text == "poison")
        {
            throw new FormatException("cannot read 'poison'");
        }

        output.Produce(outputTopic, record.Message.Key, Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
    }
}
