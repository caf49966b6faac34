using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evostream.Tests.Streaming;

/// <summary>Input, output and dead-letter topics of one test, and helpers to feed and read them.</summary>
internal sealed class StreamHarness
{
    public StreamHarness(EmbeddedKafka kafka, KafkaSettings settings, string prefix, int partitions = 3)
    {
        Configs = new KafkaClientConfigs(settings with { Brokers = kafka.BootstrapServers });
        Input = prefix + ".in";
        Output = prefix + ".out";
        DeadLetters = prefix + ".dlq";
        Group = prefix + "-group";
        foreach (var topic in new[] { Input, Output, DeadLetters })
        {
            kafka.CreateTopic(topic, partitions, 3);
        }
    }

    public KafkaClientConfigs Configs { get; }

    public string Input { get; }

    public string Output { get; }

    public string DeadLetters { get; }

    public string Group { get; }

    public StreamOptions Options(string transactionalId, int maxBatch = 50) =>
        new("test", Group, [Input], transactionalId, DeadLetters, maxBatch, TimeSpan.FromMilliseconds(50));

    public TransactionalLoop Loop(IStreamTask task, string transactionalId, int maxBatch = 50) =>
        new(Configs, Options(transactionalId, maxBatch), task, NullLogger.Instance);

    /// <summary>
    /// Values "k{i % keys}:v{i}" keyed by "k{i % keys}" for i from <paramref name="first"/>, so each key's values carry
    /// their order; a later batch starts where the earlier one ended so that no two records share a value.
    /// </summary>
    public void Produce(int count, int keys = 10, Func<int, string>? value = null, int first = 0)
    {
        using var producer = new ProducerBuilder<string, string>(Configs.Producer("test-feed")).Build();
        for (var i = first; i < first + count; i++)
        {
            var key = $"k{i % keys}";
            producer.Produce(Input, new Message<string, string> { Key = key, Value = value?.Invoke(i) ?? $"{key}:v{i}" });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Everything committed on <paramref name="topic"/>, waiting until <paramref name="expected"/> arrive and then a little more for extras.</summary>
    public List<ConsumeResult<string, string>> ReadCommitted(string topic, int expected, TimeSpan? timeout = null)
    {
        var config = Configs.Consumer("test-read", Group + "-reader-" + Guid.NewGuid().ToString("N"));
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(Enumerable.Range(0, PartitionCount(topic)).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        DateTime? settle = null;
        while (DateTime.UtcNow < (settle ?? deadline))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } r)
            {
                records.Add(r);
            }

            if (records.Count >= expected && settle is null)
            {
                settle = DateTime.UtcNow.AddSeconds(1);
            }
        }

        return records;
    }

    private int PartitionCount(string topic)
    {
        using var admin = new AdminClientBuilder(Configs.Admin("test-meta")).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
    }

    public static string Text(byte[]? value) => Encoding.UTF8.GetString(value ?? []);
}
