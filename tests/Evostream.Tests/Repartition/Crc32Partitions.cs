using System.Text;

namespace Evostream.Tests.Repartition;

/// <summary>
/// Where librdkafka's default partitioner (<c>consistent_random</c>: CRC-32 of the key modulo the partition count)
/// puts a key: what kcat, Confluent.Kafka, confluent-kafka for Python and Go do unless told otherwise. Tests use it
/// to pick instance names that such a producer puts off their home partition; KeyPartitionsTests checks it against
/// the real client.
/// </summary>
internal static class Crc32Partitions
{
    public static int Of(string key, int partitions) => (int)(Crc32(Encoding.UTF8.GetBytes(key)) % (uint)partitions);

    /// <summary>The first names "<paramref name="stem"/>-N" that CRC-32 and murmur2 put on different partitions.</summary>
    public static IEnumerable<string> OffHomeNames(string stem, int partitions) =>
        Enumerable.Range(0, 10_000).Select(n => $"{stem}-{n}")
            .Where(name => Of(name, partitions) != Evostream.Platform.Kafka.KeyPartitions.Home(Encoding.UTF8.GetBytes(name), partitions));

    // CRC-32 (IEEE 802.3, reflected, as zlib's crc32), bit by bit: small keys, test code.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
