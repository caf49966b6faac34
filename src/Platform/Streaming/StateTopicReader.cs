using Confluent.Kafka;
using Evostream.Platform.Kafka;

namespace Evostream.Platform.Streaming;

/// <summary>
/// Reads state topics outside any consumer group (manual assignment, read_committed, never committing): partitions
/// from their beginning to their end as read_committed sees it (the last stable offset), so a replica taking them over
/// knows everything their previous owner committed; then, for a topic another stage keeps writing, on as it grows.
/// The one reader of state topics: the command processor's restore and the connector's both use it.
/// </summary>
/// <remarks>
/// Where "the end" is: a partition whose low and high watermarks are equal is empty and done at once. Any other is
/// done at its end-of-partition event, which the client raises when its fetch position reaches the end, whatever the
/// last offsets hold. Counting delivered records or comparing the last record's offset with the high watermark is
/// never enough: a transaction's commit or abort marker takes an offset and is never delivered, aborted records are
/// never delivered under read_committed, and compaction leaves gaps, so the last delivered offset can stay below the
/// end forever.
/// </remarks>
public sealed class StateTopicReader : IDisposable
{
    /// <summary>How long a restore may go without any record or end arriving before it gives up.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_watermarkTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_catchUpStep = TimeSpan.FromMilliseconds(20);
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly TimeSpan _stallTimeout;

    // Where each assigned partition's last end-of-partition event put its end: what CatchUp compares against.
    private readonly Dictionary<TopicPartition, long> _endSeen = [];

    /// <param name="groupId">Never joined or committed to; librdkafka requires one, and it names the reader in broker logs.</param>
    public StateTopicReader(KafkaClientConfigs configs, string role, string groupId, TimeSpan? stallTimeout = null)
    {
        var config = configs.Consumer(role, groupId);
        config.EnablePartitionEof = true;
        _consumer = configs.ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        _stallTimeout = stallTimeout ?? DefaultStallTimeout;
    }

    /// <summary>Everything committed in <paramref name="partitions"/> of <paramref name="topic"/>, read by a reader of its own.</summary>
    public static IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ReadAll(
        KafkaClientConfigs configs, string role, string topic, IEnumerable<int> partitions, CancellationToken ct)
    {
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        using var reader = new StateTopicReader(configs, role, $"evostream-{role}");
        reader.AssignAndReadToEnd([.. partitions.Distinct().Select(p => new TopicPartition(topic, p))], records.Add, ct);
        return records;
    }

    /// <summary>
    /// Adds <paramref name="partitions"/> from their beginning and reads them to their end; records of partitions
    /// assigned earlier that arrive meanwhile are applied too.
    /// </summary>
    /// <exception cref="TimeoutException">Nothing arrived for the stall timeout while partitions were still short of their end.</exception>
    public void AssignAndReadToEnd(IReadOnlyCollection<TopicPartition> partitions, Action<ConsumeResult<byte[]?, byte[]?>> apply, CancellationToken ct)
    {
        if (partitions.Count == 0)
        {
            return;
        }

        var pending = new HashSet<TopicPartition>(partitions.Where(p => !IsEmpty(p)));
        _consumer.IncrementalAssign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var stallAt = DateTime.UtcNow + _stallTimeout;
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > stallAt)
            {
                throw new TimeoutException($"Reading {string.Join(", ", pending)} to its end: nothing arrived for {_stallTimeout.TotalSeconds} s.");
            }

            var record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                continue;
            }

            stallAt = DateTime.UtcNow + _stallTimeout;
            if (record.IsPartitionEOF)
            {
                _endSeen[record.TopicPartition] = record.Offset.Value;
                pending.Remove(record.TopicPartition);
                continue;
            }

            apply(record);
        }
    }

    /// <summary>
    /// Reads <paramref name="partition"/> until it has applied everything committed when the call began, or until
    /// <paramref name="wait"/> passes. For a decision that must not rest on a stale view: the partition's writer may
    /// have committed a moment before a reader that only polls has fetched it.
    /// </summary>
    /// <returns>Whether the partition was read to the end it had when the call began.</returns>
    public bool CatchUp(TopicPartition partition, Action<ConsumeResult<byte[]?, byte[]?>> apply, TimeSpan wait)
    {
        if (!_consumer.Assignment.Contains(partition))
        {
            return false;
        }

        var until = DateTime.UtcNow + wait;
        var end = _consumer.QueryWatermarkOffsets(partition, wait).High.Value;
        while (!(_endSeen.TryGetValue(partition, out var seen) && seen >= end))
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            if (_consumer.Consume(left < s_catchUpStep ? left : s_catchUpStep) is { } record)
            {
                Deliver(record, apply);
            }
        }

        return true;
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
            Deliver(record, apply);
        }
    }

    public void Unassign(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _endSeen.Remove(partition);
        }

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

    private void Deliver(ConsumeResult<byte[]?, byte[]?> record, Action<ConsumeResult<byte[]?, byte[]?>> apply)
    {
        if (record.IsPartitionEOF)
        {
            _endSeen[record.TopicPartition] = record.Offset.Value;
        }
        else
        {
            apply(record);
        }
    }

    // An empty partition is done before it starts: waiting for its end-of-partition event would lean on the client
    // raising one for an offset it never fetched from.
    private bool IsEmpty(TopicPartition partition)
    {
        var marks = _consumer.QueryWatermarkOffsets(partition, s_watermarkTimeout);
        if (marks.High.Value > marks.Low.Value)
        {
            return false;
        }

        _endSeen[partition] = marks.High.Value;
        return true;
    }
}
