using Confluent.Kafka;
using Evostream.Platform.Kafka;

namespace Evostream.Connector.State;

/// <summary>
/// Reads partitions of a state topic from the beginning to their end as read_committed sees it (the last stable
/// offset), so a replica taking over partitions knows everything their previous owner committed.
/// </summary>
public sealed class PartitionReader(KafkaClientConfigs configs)
{
    public IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic, IEnumerable<int> partitions, CancellationToken ct)
    {
        var wanted = partitions.Distinct().Select(p => new TopicPartition(topic, p)).ToList();
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        if (wanted.Count == 0)
        {
            return records;
        }

        var config = configs.Consumer("connector-restore", "evostream-restore-unused");
        config.EnablePartitionEof = true;
        using var consumer = configs.ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var pending = new HashSet<TopicPartition>();
        foreach (var tp in wanted)
        {
            // An empty partition gives no end-of-partition event: skip it up front.
            var marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30));
            if (marks.High.Value > marks.Low.Value)
            {
                pending.Add(tp);
            }
        }

        consumer.Assign(pending.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null)
            {
                continue;
            }

            if (record.IsPartitionEOF)
            {
                pending.Remove(record.TopicPartition);
                continue;
            }

            records.Add(record);
        }

        return records;
    }
}
