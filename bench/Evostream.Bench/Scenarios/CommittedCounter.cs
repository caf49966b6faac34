using System.Diagnostics;
using Confluent.Kafka;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// Watches a topic as a read_committed consumer and times the stretch from the first to the last of the expected
/// records, so start-up (group joins, transaction init) stays out of the rate.
/// </summary>
public static class CommittedCounter
{
    /// <param name="from">Where to start counting per partition (e.g. <see cref="EndOffsets"/> before a run on a reused topic); null: the beginning.</param>
    public static double RatePerSecond(BenchStack stack, string topic, int partitions, int expected, TimeSpan timeout, IReadOnlyList<long>? from = null)
    {
        var config = stack.Configs.Consumer("bench-count", "bench-count-" + Guid.NewGuid().ToString("N"));
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, from is null ? Offset.Beginning : new Offset(from[p]))));
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        var seen = 0;
        while (seen < expected)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{topic}: {seen} of {expected} records after {timeout.TotalSeconds:0} s");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                first ??= clock.Elapsed;
                seen++;
            }
        }

        var span = (clock.Elapsed - first!.Value).TotalSeconds;
        return span <= 0 ? double.PositiveInfinity : (expected - 1) / span;
    }

    /// <summary>The committed end of each partition of <paramref name="topic"/> now.</summary>
    public static IReadOnlyList<long> EndOffsets(BenchStack stack, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(stack.Configs.Consumer("bench-count", "bench-count-" + Guid.NewGuid().ToString("N"))).Build();
        return [.. Enumerable.Range(0, partitions).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value)];
    }
}
