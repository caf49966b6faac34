using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Kafka;

namespace Evostream.Bench.Scenarios;

/// <summary>Writes sendText commands in the JSON form a Kafka producer would, keyed by instance, round-robin over the instances.</summary>
public static class CommandFeed
{
    /// <param name="offHomeOver">
    /// When a partition count, each command goes to the partition after its instance's home one, as if its producer
    /// hashed keys another way (librdkafka's default CRC32 does), so every command has to be moved home.
    /// </param>
    public static void Produce(BenchCluster cluster, string topic, int count, int instances, int? offHomeOver = null)
    {
        using var producer = cluster.Configs.ProducerBuilder<string, byte[]>(cluster.Configs.Producer("bench-feed")).Build();
        for (var i = 0; i < count; i++)
        {
            var instance = Instance(i % instances);
            var value = SendText(i, instance, Guid.CreateVersion7().ToString());
            while (true)
            {
                try
                {
                    var partition = offHomeOver is { } n ? new Partition((KeyPartitions.Home(Encoding.UTF8.GetBytes(instance), n) + 1) % n) : Partition.Any;
                    producer.Produce(new TopicPartition(topic, partition), new Message<string, byte[]> { Key = instance, Value = value });
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>Writes commands as a client would, in Evolution-style JSON keyed by instance.</summary>
    public static void ProduceEnvelopes(Evostream.Platform.Kafka.KafkaClientConfigs configs, string topic, IEnumerable<Evostream.Contracts.V1.CommandEnvelope> commands)
    {
        using var producer = configs.ProducerBuilder<string, byte[]>(configs.Producer("bench-feed")).Build();
        foreach (var command in commands)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = command.Instance, Value = Evostream.Contracts.Commands.CommandJson.Write(command) });
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>The i-th sendText command as a Kafka client writes it: Evolution-style JSON.</summary>
    public static byte[] SendText(int i, string instance, string commandId) => Encoding.UTF8.GetBytes(
        $$"""{"command":"sendText","instance":"{{instance}}","commandId":"{{commandId}}","number":"{{Recipient(i)}}","text":"order {{i}} is on its way: thanks for shopping with us"}""");

    /// <summary>The recipient of the i-th command: one of 100,000 numbers, none an instance's own.</summary>
    public static string Recipient(int i) => $"5511999{i % 100_000:D6}";

    /// <summary>The name of the n-th instance the feed writes for.</summary>
    public static string Instance(int n) => $"bench-{n:D5}";
}
