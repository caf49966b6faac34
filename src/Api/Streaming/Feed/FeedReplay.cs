using System.Runtime.CompilerServices;
using System.Text;
using Confluent.Kafka;

namespace Evostream.Api.Streaming.Feed;

/// <summary>
/// Reads the feed from a client's cursor up to where its live subscription began, so a reconnecting client gets
/// what it missed, still in the log, with no gap and no repeat before the live events take over.
/// </summary>
public static class FeedReplay
{
    public static async IAsyncEnumerable<FeedEvent> ReadAsync(
        FeedHub hub, string? instance, FeedCursor since, IReadOnlyDictionary<int, long> until, [EnumeratorCancellation] CancellationToken ct)
    {
        var ranges = since.Next.Where(p => until.TryGetValue(p.Key, out var end) && p.Value < end).ToDictionary(p => p.Key, p => p.Value);
        if (ranges.Count == 0)
        {
            yield break;
        }

        using var consumer = hub.BuildReplayConsumer();
        var partitions = ranges.Select(p => new TopicPartition(hub.Topic, p.Key)).ToList();
        consumer.Assign(ranges.Select(p => new TopicPartitionOffset(hub.Topic, p.Key, p.Value)));
        var key = instance is null ? null : Encoding.UTF8.GetBytes(instance);
        while (!ct.IsCancellationRequested && !partitions.All(p => Reached(consumer, p, until[p.Partition.Value])))
        {
            // Consume blocks its thread; yield it back between polls.
            var result = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(200)), ct);
            if (result?.Message is not { } message || result.Offset.Value >= until[result.Partition.Value])
            {
                continue;
            }

            if (key is not null && (message.Key is null || !message.Key.AsSpan().SequenceEqual(key)))
            {
                continue;
            }

            if (await hub.DecodeAsync(result, message, ct) is { } e)
            {
                yield return e;
            }
        }
    }

    private static bool Reached(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, long end)
    {
        var position = consumer.Position(partition);
        return position != Offset.Unset && position.Value >= end;
    }
}
