using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Streaming;

/// <summary>
/// The state-topic reader against the embedded cluster: it must stop at the end of every partition, including ends
/// that no delivered record reaches.
/// </summary>
public class StateTopicReaderTests(EmbeddedStack stack)
{
    // Well under the reader's stall timeout: a partition whose end is missed would hold the read that long.
    private static readonly TimeSpan s_prompt = TimeSpan.FromSeconds(20);

    [Fact]
    public void An_empty_partition_ends_at_once_beside_one_with_records()
    {
        var (configs, topic) = NewTopic();
        Produce(configs, topic, 1, ["a", "b"], commit: true);

        var (records, took) = ReadAll(configs, topic, [0, 1, 2]);

        Assert.Equal(["a", "b"], Values(records));
        Assert.All(records, r => Assert.Equal(1, r.Partition.Value));
        Assert.True(took < s_prompt, $"took {took}");
    }

    [Fact]
    public void A_partition_that_ends_in_a_commit_marker_ends_after_its_last_record()
    {
        var (configs, topic) = NewTopic();
        Produce(configs, topic, 0, ["a", "b", "c"], commit: true);
        AssertEndBeyondLastRecord(configs, topic, 0, lastRecordOffset: 2);

        var (records, took) = ReadAll(configs, topic, [0]);

        Assert.Equal(["a", "b", "c"], Values(records));
        Assert.True(took < s_prompt, $"took {took}");
    }

    [Fact]
    public void A_partition_holding_only_an_aborted_transaction_has_offsets_but_no_records_and_still_ends()
    {
        var (configs, topic) = NewTopic();
        Produce(configs, topic, 2, ["x", "y"], commit: false);
        var marks = Watermarks(configs, topic, 2);
        Assert.True(marks.High.Value > marks.Low.Value, $"watermarks {marks.Low}..{marks.High}");

        var (records, took) = ReadAll(configs, topic, [2]);

        Assert.Empty(records);
        Assert.True(took < s_prompt, $"took {took}");
    }

    [Fact]
    public void Committed_records_before_an_aborted_tail_are_read_and_the_tail_is_not()
    {
        // Like a compacted partition, the last offsets hold nothing read_committed delivers: only the end event says "done".
        var (configs, topic) = NewTopic();
        Produce(configs, topic, 0, ["kept-1", "kept-2"], commit: true);
        Produce(configs, topic, 0, ["dropped"], commit: false);

        var (records, took) = ReadAll(configs, topic, [0]);

        Assert.Equal(["kept-1", "kept-2"], Values(records));
        Assert.True(took < s_prompt, $"took {took}");
    }

    [Fact]
    public void A_long_lived_reader_restores_then_follows_what_is_written_later()
    {
        var (configs, topic) = NewTopic();
        Produce(configs, topic, 0, ["before"], commit: true);
        var seen = new List<string>();
        using var reader = new StateTopicReader(configs, "test", "test-follow");

        reader.AssignAndReadToEnd([new TopicPartition(topic, 0), new TopicPartition(topic, 1)], r => seen.Add(Value(r)), TestContext.Current.CancellationToken);
        Assert.Equal(["before"], seen);

        Produce(configs, topic, 1, ["after"], commit: true);
        var deadline = DateTime.UtcNow + s_prompt;
        while (seen.Count < 2 && DateTime.UtcNow < deadline)
        {
            reader.Poll(r => seen.Add(Value(r)));
            Thread.Sleep(50);
        }

        Assert.Equal(["before", "after"], seen);
    }

    [Fact]
    public void Catching_up_applies_everything_committed_before_the_call_without_any_poll()
    {
        var (configs, topic) = NewTopic();
        var seen = new List<string>();
        using var reader = new StateTopicReader(configs, "test", "test-catch-up");
        reader.AssignAndReadToEnd([new TopicPartition(topic, 0), new TopicPartition(topic, 1)], r => seen.Add(Value(r)), TestContext.Current.CancellationToken);
        Assert.Empty(seen);

        // Two transactions, so the end lies past two commit markers; then at once, before any fetch could have run.
        Produce(configs, topic, 0, ["first"], commit: true);
        Produce(configs, topic, 0, ["second"], commit: true);
        Assert.True(reader.CatchUp(new TopicPartition(topic, 0), r => seen.Add(Value(r)), s_prompt));
        Assert.Equal(["first", "second"], seen);

        // Already at the end: answered without waiting for anything new.
        var clock = Stopwatch.StartNew();
        Assert.True(reader.CatchUp(new TopicPartition(topic, 0), r => seen.Add(Value(r)), s_prompt));
        Assert.True(reader.CatchUp(new TopicPartition(topic, 1), r => seen.Add(Value(r)), s_prompt));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void Catching_up_gives_up_after_its_wait_while_a_transaction_stays_open_and_never_on_an_unassigned_partition()
    {
        var (configs, topic) = NewTopic();
        var seen = new List<string>();
        using var reader = new StateTopicReader(configs, "test", "test-catch-up-open");
        reader.AssignAndReadToEnd([new TopicPartition(topic, 0)], r => seen.Add(Value(r)), TestContext.Current.CancellationToken);
        using var open = new ProducerBuilder<byte[]?, byte[]?>(configs.TransactionalProducer("test", "str-open-" + Guid.NewGuid().ToString("N"))).Build();
        open.InitTransactions(TimeSpan.FromSeconds(30));
        open.BeginTransaction();
        open.Produce(new TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Key = null, Value = Encoding.UTF8.GetBytes("pending") });
        open.Flush(TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        Assert.False(reader.CatchUp(new TopicPartition(topic, 0), r => seen.Add(Value(r)), TimeSpan.FromSeconds(1)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), s_prompt);
        Assert.Empty(seen);
        Assert.False(reader.CatchUp(new TopicPartition(topic, 2), r => seen.Add(Value(r)), TimeSpan.FromSeconds(1)));

        open.CommitTransaction(TimeSpan.FromSeconds(30));
        Assert.True(reader.CatchUp(new TopicPartition(topic, 0), r => seen.Add(Value(r)), s_prompt));
        Assert.Equal(["pending"], seen);
    }

    private (KafkaClientConfigs Configs, string Topic) NewTopic()
    {
        var prefix = EmbeddedStack.NewPrefix("str");
        var configs = new KafkaClientConfigs(stack.KafkaSettings(prefix));
        var topic = prefix + ".state";
        Assert.True(stack.Kafka.CreateTopic(topic, 3, 3));
        return (configs, topic);
    }

    private static void Produce(KafkaClientConfigs configs, string topic, int partition, string[] values, bool commit)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(configs.TransactionalProducer("test", "str-" + Guid.NewGuid().ToString("N"))).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        foreach (var value in values)
        {
            producer.Produce(new TopicPartition(topic, partition), new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes("k-" + value), Value = Encoding.UTF8.GetBytes(value) });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        if (commit)
        {
            producer.CommitTransaction(TimeSpan.FromSeconds(30));
        }
        else
        {
            producer.AbortTransaction(TimeSpan.FromSeconds(30));
        }
    }

    private static (IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> Records, TimeSpan Took) ReadAll(KafkaClientConfigs configs, string topic, int[] partitions)
    {
        var clock = Stopwatch.StartNew();
        var records = StateTopicReader.ReadAll(configs, "test", topic, partitions, TestContext.Current.CancellationToken);
        return (records, clock.Elapsed);
    }

    private static WatermarkOffsets Watermarks(KafkaClientConfigs configs, string topic, int partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(configs.Consumer("test", "test-marks")).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(30));
    }

    // The marker after the last record takes an offset of its own, so the end lies past the last record's offset + 1.
    private static void AssertEndBeyondLastRecord(KafkaClientConfigs configs, string topic, int partition, long lastRecordOffset) =>
        Assert.True(Watermarks(configs, topic, partition).High.Value > lastRecordOffset + 1);

    private static string Value(ConsumeResult<byte[]?, byte[]?> record) => Encoding.UTF8.GetString(record.Message.Value!);

    private static List<string> Values(IEnumerable<ConsumeResult<byte[]?, byte[]?>> records) => [.. records.Select(Value)];
}
