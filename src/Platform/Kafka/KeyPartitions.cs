using System.Buffers.Binary;

namespace Evostream.Platform.Kafka;

/// <summary>
/// Where a key belongs: the partition Evostream's own producers (librdkafka's <c>murmur2_random</c>, see
/// <see cref="KafkaClientConfigs.Producer"/>), the Java client and kafkajs choose for it. Every state topic is
/// written this way, so a command is processed beside its instance's state only on this partition, whatever
/// partitioner its producer used.
/// </summary>
public static class KeyPartitions
{
    /// <summary>The home partition of a non-empty key among <paramref name="partitions"/>: the positive murmur2 hash modulo the count.</summary>
    public static int Home(ReadOnlySpan<byte> key, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return (Murmur2(key) & 0x7fffffff) % partitions;
    }

    /// <summary>Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2): seed 0x9747b28c, little-endian words.</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var h = 0x9747b28c ^ (uint)data.Length;
        var words = data.Length / 4;
        for (var i = 0; i < words; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = data[(words * 4)..];
        switch (tail.Length)
        {
            case 3:
                h ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                h ^= tail[0];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}
