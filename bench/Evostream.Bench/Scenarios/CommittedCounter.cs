using System.Diagnostics;
using Confluent.Kafka;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// Watches a topic as a read_committed consumer and times the stretch from the first to the last of the expected
/// records, so start-up (group joins, transaction init) stays out of the rate. It is ready (caught up on every
/// partition) before <see cref="StartAsync"/> returns: a stage started after it cannot finish before it looks, which
/// would crowd every record into one fetch and report an impossible rate.
/// </summary>
public sealed class CommittedCounter : IDisposable
{
    private readonly IConsumer<Ignore, Ignore> _consumer;
    private readonly string _topic;

    private CommittedCounter(IConsumer<Ignore, Ignore> consumer, string topic)
    {
        _consumer = consumer;
        _topic = topic;
    }

    /// <summary>A counter positioned at the committed end of every partition of <paramref name="topic"/>, and caught up there.</summary>
    public static async Task<CommittedCounter> StartAsync(BenchCluster cluster, string topic, int partitions)
    {
        var config = cluster.Configs.Consumer("bench-count", "bench-count-" + Guid.NewGuid().ToString("N"));
        config.EnablePartitionEof = true;

        // The counter must not add its own fetch wait to the first or last record it times.
        config.FetchWaitMaxMs = 5;
        var consumer = cluster.Configs.ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, EndOf(consumer, topic, p))));
        var counter = new CommittedCounter(consumer, topic);
        await Task.Run(() => counter.CatchUp(partitions));
        return counter;
    }

    /// <summary>Records per second from the first to the last of <paramref name="expected"/> records after the start.</summary>
    public Task<double> RatePerSecondAsync(int expected, TimeSpan timeout, CancellationToken ct = default) => Task.Factory.StartNew(
        () => RatePerSecond(expected, timeout, ct), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The committed end of each partition of <paramref name="topic"/> now.</summary>
    public static IReadOnlyList<long> EndOffsets(BenchCluster cluster, string topic, int partitions)
    {
        using var consumer = cluster.Configs.ConsumerBuilder<Ignore, Ignore>(cluster.Configs.Consumer("bench-count", "bench-count-" + Guid.NewGuid().ToString("N"))).Build();
        return [.. Enumerable.Range(0, partitions).Select(p => EndOf(consumer, topic, p).Value)];
    }

    private static Offset EndOf(IConsumer<Ignore, Ignore> consumer, string topic, int partition) =>
        consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10)).High;

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    private void CatchUp(int partitions)
    {
        var atEnd = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        while (atEnd.Count < partitions)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{_topic}: the counter reached the end of {atEnd.Count} of {partitions} partitions in 30 s");
            }

            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: true } eof)
            {
                atEnd.Add(eof.Partition.Value);
            }
        }
    }

    private double RatePerSecond(int expected, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        var seen = 0;
        while (seen < expected)
        {
            ct.ThrowIfCancellationRequested();
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{_topic}: {seen} of {expected} records after {timeout.TotalSeconds:0} s");
            }

            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                first ??= clock.Elapsed;
                seen++;
            }
        }

        var span = (clock.Elapsed - first!.Value).TotalSeconds;
        return span <= 0 ? double.PositiveInfinity : (expected - 1) / span;
    }
}
