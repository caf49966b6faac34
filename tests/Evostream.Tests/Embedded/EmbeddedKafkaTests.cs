using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Embedded;

public class EmbeddedKafkaTests(EmbeddedStack stack)
{
    [Fact]
    public void The_cluster_has_three_brokers_reachable_by_a_real_client()
    {
        var configs = new KafkaClientConfigs(stack.KafkaSettings(EmbeddedStack.NewPrefix()));
        using var admin = new AdminClientBuilder(configs.Admin("test")).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.Equal(3, metadata.Brokers.Count);
        Assert.Equal(stack.Kafka.BootstrapServers.Split(',').Order(), metadata.Brokers.Select(b => $"{b.Host}:{b.Port}").Order());
    }

    [Fact]
    public void Created_topics_have_the_requested_partitions()
    {
        var topic = EmbeddedStack.NewPrefix() + ".created";
        Assert.True(stack.Kafka.CreateTopic(topic, partitions: 6, replicationFactor: 3));
        Assert.False(stack.Kafka.CreateTopic(topic, partitions: 6, replicationFactor: 3));

        using var admin = new AdminClientBuilder(new KafkaClientConfigs(stack.KafkaSettings("x")).Admin("test")).Build();
        var meta = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(ErrorCode.NoError, meta.Error.Code);
        Assert.Equal(6, meta.Partitions.Count);
        Assert.All(meta.Partitions, p => Assert.Equal(3, p.Replicas.Length));
    }

    [Fact]
    public void Read_committed_consumers_see_committed_transactions_and_never_aborted_ones()
    {
        var topic = EmbeddedStack.NewPrefix() + ".txn";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        using (var producer = new ProducerBuilder<string, string>(configs.TransactionalProducer("test", topic + "-tx")).Build())
        {
            producer.InitTransactions(TimeSpan.FromSeconds(30));
            producer.BeginTransaction();
            producer.Produce(topic, new Message<string, string> { Key = "i", Value = "aborted" });
            producer.AbortTransaction();
            producer.BeginTransaction();
            producer.Produce(topic, new Message<string, string> { Key = "i", Value = "committed" });
            producer.CommitTransaction();
        }

        using var consumer = new ConsumerBuilder<string, string>(configs.Consumer("test", topic + "-g")).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (seen.Count < 1 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } r)
            {
                seen.Add(r.Message.Value);
            }
        }

        // Nothing more arrives: the aborted record stays invisible.
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(["committed"], seen);
    }

    [Fact]
    public async Task Injected_request_errors_reach_clients()
    {
        var topic = EmbeddedStack.NewPrefix() + ".faults";
        stack.Kafka.CreateTopic(topic, 1, 3);
        using var kafka = Platform.Embedded.EmbeddedKafka.Start(1); // a private cluster: injected errors are cluster-wide
        kafka.CreateTopic(topic, 1, 1);
        const short produceApiKey = 0;
        kafka.FailNextRequests(produceApiKey, ErrorCode.TopicAuthorizationFailed);

        var settings = stack.KafkaSettings("x") with { Brokers = kafka.BootstrapServers };
        var config = new KafkaClientConfigs(settings).Producer("test");
        config.EnableIdempotence = false;
        config.MessageSendMaxRetries = 0;
        using var producer = new ProducerBuilder<Null, string>(config).Build();
        var failure = await Assert.ThrowsAsync<ProduceException<Null, string>>(
            () => producer.ProduceAsync(topic, new Message<Null, string> { Value = "v" }, TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
    }
}
