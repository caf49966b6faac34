using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Repartition;

public class KeyPartitionsTests(EmbeddedStack stack)
{
    [Theory]
    // Kafka's own vectors for Utils.murmur2 (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java).
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_is_the_Java_clients_hash(string key, int expected) =>
        Assert.Equal(expected, KeyPartitions.Murmur2(Encoding.ASCII.GetBytes(key)));

    [Fact]
    public async Task Home_is_where_Evostreams_producers_put_a_key_and_CRC32_is_where_librdkafkas_default_does()
    {
        var ct = TestContext.Current.CancellationToken;
        const int partitions = 12;
        var topic = EmbeddedStack.NewPrefix("home") + ".keys";
        stack.Kafka.CreateTopic(topic, partitions, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("home"));
        using var murmur2 = new ProducerBuilder<string, string>(configs.Producer("test-murmur2")).Build();
        using var crc32 = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = stack.Kafka.BootstrapServers, Partitioner = Partitioner.ConsistentRandom }).Build();
        var keys = Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? $"shop-{i}" : i % 3 == 1 ? $"loja ñ {i}" : $"{i}").ToList();

        var offHome = 0;
        foreach (var key in keys)
        {
            var ours = await murmur2.ProduceAsync(topic, new Message<string, string> { Key = key, Value = "x" }, ct);
            var theirs = await crc32.ProduceAsync(topic, new Message<string, string> { Key = key, Value = "x" }, ct);
            Assert.Equal(KeyPartitions.Home(Encoding.UTF8.GetBytes(key), partitions), ours.Partition.Value);
            Assert.Equal(Crc32Partitions.Of(key, partitions), theirs.Partition.Value);
            offHome += ours.Partition != theirs.Partition ? 1 : 0;
        }

        // The defect this guards against: most keys land elsewhere under librdkafka's default.
        Assert.True(offHome > keys.Count / 2, $"only {offHome} of {keys.Count} keys differ");
    }
}
