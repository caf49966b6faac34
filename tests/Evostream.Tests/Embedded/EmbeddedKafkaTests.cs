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
    public void A_transaction_left_open_past_its_timeout_is_aborted_and_its_producer_fenced()
    {
        // A producer that stops mid-transaction (a replica killed by SIGKILL) must not hold back read_committed
        // readers for good: Kafka's coordinator aborts its transaction after the producer's transaction timeout.
        var topic = EmbeddedStack.NewPrefix() + ".timeout";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        var abandonedConfig = configs.TransactionalProducer("test", topic + "-abandoned");
        abandonedConfig.TransactionTimeoutMs = 2_000;
        abandonedConfig.SocketTimeoutMs = 2_000; // the client wants it at most the transaction timeout
        using var abandoned = new ProducerBuilder<string, string>(abandonedConfig).Build();
        abandoned.InitTransactions(TimeSpan.FromSeconds(30));
        abandoned.BeginTransaction();
        abandoned.Produce(topic, new Message<string, string> { Key = "i", Value = "abandoned" });
        abandoned.Flush(TimeSpan.FromSeconds(30)); // in the log, inside a transaction nobody ends

        using (var other = new ProducerBuilder<string, string>(configs.TransactionalProducer("test", topic + "-other")).Build())
        {
            other.InitTransactions(TimeSpan.FromSeconds(30));
            other.BeginTransaction();
            other.Produce(topic, new Message<string, string> { Key = "i", Value = "committed" });
            other.CommitTransaction();
        }

        // Behind the abandoned record, so visible only once the timeout aborted it (ReadAll waits 10 timeouts).
        using var consumer = ReadCommittedConsumer(configs, topic);
        Assert.Equal(["committed"], ReadAll(consumer, 1));

        // The coordinator bumped the epoch when it aborted: the producer cannot commit the aborted transaction.
        var fenced = Assert.ThrowsAny<KafkaException>(() => abandoned.CommitTransaction(TimeSpan.FromSeconds(30)));
        Assert.True(fenced.Error.IsFatal, fenced.Error.Reason);
        Assert.Equal(ErrorCode.Local_Fenced, fenced.Error.Code);
        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_transaction_timeout_above_the_brokers_maximum_is_refused()
    {
        var topic = EmbeddedStack.NewPrefix() + ".maxtimeout";
        var config = new KafkaClientConfigs(stack.KafkaSettings("x")).TransactionalProducer("test", topic + "-tx");
        config.TransactionTimeoutMs = (int)TimeSpan.FromMinutes(15).TotalMilliseconds + 1; // Kafka's transaction.max.timeout.ms
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var refused = Assert.ThrowsAny<KafkaException>(() => producer.InitTransactions(TimeSpan.FromSeconds(30)));
        Assert.Equal(ErrorCode.InvalidTransactionTimeout, refused.Error.Code);
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

    [Fact]
    public void A_consumer_reads_from_exactly_the_offset_it_asks_for_anywhere_in_a_long_log_also_after_its_head_is_trimmed()
    {
        // Many small batches: the broker finds the one holding an offset through its offset index, which trimming
        // the log's head shifts and later appends compact.
        var topic = EmbeddedStack.NewPrefix() + ".seek";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        var random = new Random(7);
        var end = ProduceSmallBatches(configs, topic, batches: 600, from: 0, random);
        using var consumer = new ConsumerBuilder<string, string>(configs.Consumer("test", topic + "-reader")).Build();
        AssertReadsExactly(consumer, topic, [0, end - 1, .. Enumerable.Range(0, 40).Select(_ => (long)random.Next((int)end))]);

        const long trimmedTo = 700;
        stack.Kafka.DeleteRecordsBefore(topic, 0, trimmedTo);
        end = ProduceSmallBatches(configs, topic, batches: 900, from: end, random);
        AssertReadsExactly(consumer, topic, [trimmedTo, end - 1, .. Enumerable.Range(0, 40).Select(_ => random.NextInt64(trimmedTo, end))]);
    }

    [Fact]
    public void A_fetch_answers_with_every_waiting_batch_that_fits_not_one_batch_per_request()
    {
        var topic = EmbeddedStack.NewPrefix() + ".wide";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        const int batches = 400;
        var end = ProduceSmallBatches(configs, topic, batches, from: 0, new Random(11));

        var config = configs.Consumer("test", topic + "-reader");
        config.StatisticsIntervalMs = 50;
        long? fetches = null;
        var read = 0L;
        using var consumer = new ConsumerBuilder<string, string>(config)
            .SetStatisticsHandler((_, json) =>
            {
                // The first statistics after the whole log was read count the Fetch requests it took.
                if (fetches is null && Interlocked.Read(ref read) == end)
                {
                    using var stats = System.Text.Json.JsonDocument.Parse(json);
                    fetches = stats.RootElement.GetProperty("brokers").EnumerateObject()
                        .Sum(b => b.Value.GetProperty("req").TryGetProperty("Fetch", out var n) ? n.GetInt64() : 0);
                }
            })
            .Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (fetches is null && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { IsPartitionEOF: false })
            {
                Interlocked.Increment(ref read);
            }
        }

        Assert.Equal(end, read);
        Assert.NotNull(fetches);
        Assert.True(fetches < batches / 4, $"{fetches} Fetch requests to read {batches} batches");
    }

    /// <summary>Produces <paramref name="batches"/> batches of 1 to 3 records valued by their offset; returns the new end offset.</summary>
    private static long ProduceSmallBatches(KafkaClientConfigs configs, string topic, int batches, long from, Random random)
    {
        using var producer = new ProducerBuilder<string, string>(configs.Producer("test")).Build();
        var next = from;
        for (var batch = 0; batch < batches; batch++)
        {
            for (var records = random.Next(1, 4); records > 0; records--)
            {
                producer.Produce(topic, new Message<string, string> { Key = "k", Value = $"r{next++}" });
            }

            producer.Flush(TimeSpan.FromSeconds(30)); // the next records go in a batch of their own
        }

        return next;
    }

    private static void AssertReadsExactly(IConsumer<string, string> consumer, string topic, IEnumerable<long> offsets)
    {
        foreach (var offset in offsets)
        {
            consumer.Assign(new TopicPartitionOffset(topic, 0, offset));
            var record = consumer.Consume(TimeSpan.FromSeconds(10));
            Assert.NotNull(record);
            Assert.Equal((offset, $"r{offset}"), (record.Offset.Value, record.Message.Value));
        }
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
