using Confluent.Kafka;
using Evostream.Platform.Kafka;

namespace Evostream.CommandProcessor.State;

/// <summary>
/// Reads state topics outside the consumer group (manual assignment, read_committed, never committing): to the end
/// when partitions are assigned, and then, for the connector's instance-state topic, on as it grows.
/// </summary>
internal sealed class StateTopicReader : IDisposable
{
    private static readonly TimeSpan s_restoreTimeout = TimeSpan.FromSeconds(60);
    private readonly IConsumer<byte[]?, byte[]?> _consumer;

    public StateTopicReader(KafkaClientConfigs configs, string role, string groupId)
    {
        var config = configs.Consumer(role, groupId);
        // The end of a partition is how a restore knows it has everything committed so far.
        config.EnablePartitionEof = true;
        _consumer = configs.ConsumerBuilder<byte[]?, byte[]?>(config).Build();
    }

    /// <summary>Adds <paramref name="partitions"/> from their beginning and reads them (and anything else assigned) to their end.</summary>
    public void AssignAndReadToEnd(IReadOnlyCollection<TopicPartition> partitions, Action<ConsumeResult<byte[]?, byte[]?>> apply, CancellationToken ct)
    {
        if (partitions.Count == 0)
        {
            return;
        }

        _consumer.IncrementalAssign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var pending = new HashSet<TopicPartition>(partitions);
        var deadline = DateTime.UtcNow + s_restoreTimeout;
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Restoring state from {string.Join(", ", pending)} took longer than {s_restoreTimeout.TotalSeconds} s.");
            }

            var record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                continue;
            }

            if (record.IsPartitionEOF)
            {
                pending.Remove(record.TopicPartition);
                continue;
            }

            apply(record);
        }
    }

    /// <summary>Applies whatever arrived since the last call, without waiting.</summary>
    public void Poll(Action<ConsumeResult<byte[]?, byte[]?>> apply)
    {
        if (_consumer.Assignment.Count == 0)
        {
            return;
        }

        while (_consumer.Consume(TimeSpan.Zero) is { } record)
        {
            if (!record.IsPartitionEOF)
            {
                apply(record);
            }
        }
    }

    public void Unassign(IReadOnlyCollection<TopicPartition> partitions)
    {
        var assigned = partitions.Where(_consumer.Assignment.Contains).ToList();
        if (assigned.Count > 0)
        {
            _consumer.IncrementalUnassign(assigned);
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
