using System.Diagnostics;
using Confluent.Kafka;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// Watches a topic as a read_committed consumer and times the stretch from the first to the last of the expected
/// records, so start-up (group joins, transaction init) stays out of the rate.
/// </summary>
public static class CommittedCounter
{
    public static double RatePerSecond(BenchStack stack, string topic, int partitions, int expected, TimeSpan timeout)
    {
        var config = stack.Configs.Consumer("bench-count", "bench-count-" + Guid.NewGuid().ToString("N"));
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
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
}
