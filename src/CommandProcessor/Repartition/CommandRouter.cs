using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Evostream.Contracts.Commands;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;

namespace Evostream.CommandProcessor.Repartition;

/// <summary>
/// Moves a command that arrived off its instance's home partition to that partition of the repartition topic, in
/// the open transaction, before any state is consulted (Kafka Streams' repartitioning). librdkafka-based clients
/// (kcat, Confluent.Kafka, confluent-kafka for Python and Go) place keys by CRC32 unless told otherwise; the
/// instance's state lives where murmur2 places it (<see cref="KeyPartitions"/>).
/// </summary>
/// <remarks>
/// Why commands already home may skip the hop without reordering one producer's commands for one instance: a
/// producer with a fixed partitioner sends every record of one key to one partition, so either all of them hop or
/// none does. Those that hop are copied in the source partition's offset order, each copy committed with the input
/// offsets it passes, so the repartition topic holds them once and in the same order, and the processor reads them
/// in that order. Commands of different producers have no order to keep. Keyless records are spread over partitions
/// by Kafka itself, so they carry no order; they always hop, keyed by their instance field from then on.
/// </remarks>
internal sealed class CommandRouter(StageTopics topics, CommandRecordReader reader)
{
    private int _partitions;

    /// <summary>The commands topic's partition count, which producers hashed over; see <see cref="CoPartitioning"/>.</summary>
    public void UsePartitionCount(int partitions) => _partitions = partitions;

    /// <summary>True when the record was moved (nothing else is to be done with it here); false when it is home.</summary>
    public async ValueTask<bool> TryMoveHomeAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct)
    {
        if (record.Topic != topics.Commands)
        {
            return false;
        }

        var key = record.Message.Key is { Length: > 0 } given ? given : await InstanceOfAsync(record.Message.Value, ct);
        if (key is null)
        {
            // Neither key nor instance: the intake tells why, wherever it sits.
            return false;
        }

        if (_partitions < 1)
        {
            throw new InvalidOperationException("The commands topic's partition count is not known yet; it is read on assignment.");
        }

        var home = KeyPartitions.Home(key, _partitions);
        if (home == record.Partition.Value && record.Message.Key is { Length: > 0 })
        {
            return false;
        }

        output.Produce(new TopicPartition(topics.RepartitionedCommands, home), key, record.Message.Value, record.Message.Headers, record.Message.Timestamp);
        return true;
    }

    private async ValueTask<byte[]?> InstanceOfAsync(byte[]? value, CancellationToken ct)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            var instance = (await reader.ReadAsync(value, ct)).Header.Instance;
            return instance is { Length: > 0 } ? Encoding.UTF8.GetBytes(instance) : null;
        }
        catch (SchemaRegistryException)
        {
            // The intake reads it again and answers: refused when the schema is unknown, an outage otherwise.
            return null;
        }
    }
}
