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
            // In the log before the abort (the client would simply purge an unsent record), so it is the broker's
            // aborted-transaction list that must hide it.
            producer.Flush(TimeSpan.FromSeconds(30));
            producer.AbortTransaction();
            producer.BeginTransaction();
            producer.Produce(topic, new Message<string, string> { Key = "i", Value = "committed" });
            producer.CommitTransaction();
        }

        using var consumer = ReadCommittedConsumer(configs, topic);
        Assert.Equal(["committed"], ReadAll(consumer, 1));
    }

    [Fact]
    public void Read_committed_consumers_see_nothing_of_an_open_transaction_until_it_commits()
    {
        var topic = EmbeddedStack.NewPrefix() + ".open";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        using var producer = new ProducerBuilder<string, string>(configs.TransactionalProducer("test", topic + "-tx")).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        producer.Produce(topic, new Message<string, string> { Key = "i", Value = "before" });
        producer.CommitTransaction();
        producer.BeginTransaction();
        producer.Produce(topic, new Message<string, string> { Key = "i", Value = "open" });
        producer.Flush(TimeSpan.FromSeconds(30));

        using var consumer = ReadCommittedConsumer(configs, topic);
        Assert.Equal(["before"], ReadAll(consumer, 1)); // the consumer is reading, and stops at the open transaction
        producer.CommitTransaction();
        Assert.Equal(["open"], ReadAll(consumer, 1));
    }

    [Fact]
    public void Offsets_sent_to_a_transaction_are_committed_with_it_and_dropped_when_it_aborts()
    {
        var topic = EmbeddedStack.NewPrefix() + ".offsets";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        var partition = new TopicPartition(topic, 0);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(configs.Consumer("test", topic + "-g")).Build();
        using var producer = new ProducerBuilder<string, string>(configs.TransactionalProducer("test", topic + "-tx")).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        long Committed() => consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value;
        void SendOffset(long offset) => producer.SendOffsetsToTransaction(
            [new TopicPartitionOffset(partition, offset)], consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));

        producer.BeginTransaction();
        SendOffset(5);
        Assert.Equal(Offset.Unset.Value, Committed()); // pending until the transaction commits
        producer.CommitTransaction();
        Assert.Equal(5, Committed());

        producer.BeginTransaction();
        SendOffset(9);
        producer.AbortTransaction();
        Assert.Equal(5, Committed());
    }

    [Fact]
    public void A_new_producer_with_the_same_transactional_id_fences_the_old_one_and_aborts_its_open_transaction()
    {
        var topic = EmbeddedStack.NewPrefix() + ".fence";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        var config = configs.TransactionalProducer("test", topic + "-tx");
        using var zombie = new ProducerBuilder<string, string>(config).Build();
        zombie.InitTransactions(TimeSpan.FromSeconds(30));
        zombie.BeginTransaction();
        zombie.Produce(topic, new Message<string, string> { Key = "i", Value = "zombie" });
        zombie.Flush(TimeSpan.FromSeconds(30)); // in the log, inside the zombie's open transaction

        // Same producer id, next epoch: the zombie's transaction is aborted and its epoch no longer accepted.
        using var successor = new ProducerBuilder<string, string>(config).Build();
        successor.InitTransactions(TimeSpan.FromSeconds(30));
        var fenced = Assert.ThrowsAny<KafkaException>(() => zombie.CommitTransaction(TimeSpan.FromSeconds(30)));
        Assert.True(fenced.Error.IsFatal, fenced.Error.Reason);
        Assert.Equal(ErrorCode.Local_Fenced, fenced.Error.Code);

        successor.BeginTransaction();
        successor.Produce(topic, new Message<string, string> { Key = "i", Value = "successor" });
        successor.CommitTransaction();

        using var consumer = ReadCommittedConsumer(configs, topic);
        Assert.Equal(["successor"], ReadAll(consumer, 1));
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

    private static IConsumer<string, string> ReadCommittedConsumer(KafkaClientConfigs configs, string topic)
    {
        var consumer = new ConsumerBuilder<string, string>(configs.Consumer("test", topic + "-reader")).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        return consumer;
    }

    /// <summary>The values of the next <paramref name="expected"/> records (20 s at most), after which nothing more may arrive.</summary>
    private static List<string> ReadAll(IConsumer<string, string> consumer, int expected)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (seen.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } r)
            {
                seen.Add(r.Message.Value);
            }
        }

        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(1)));
        return seen;
    }
}
