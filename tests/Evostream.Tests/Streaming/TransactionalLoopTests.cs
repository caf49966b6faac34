using Confluent.Kafka;
using Evostream.Platform.Embedded;
using Evostream.Platform.Streaming;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Streaming;

public class TransactionalLoopTests(EmbeddedStack stack)
{
    private static void AssertExactlyOnceInKeyOrder(List<ConsumeResult<string, string>> output, int expected)
    {
        Assert.Equal(expected, output.Count);
        Assert.Equal(expected, output.Select(r => r.Message.Value).Distinct().Count());
        foreach (var key in output.GroupBy(r => r.Message.Key))
        {
            var sequence = key.Select(r => int.Parse(r.Message.Value.Split(":V")[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence); // one key's records keep their order
            Assert.Single(key.Select(r => r.Partition).Distinct());
        }
    }

    [Fact]
    public async Task Every_record_comes_out_once_in_key_order_and_its_offset_is_committed()
    {
        var h = new StreamHarness(stack.Kafka, stack.KafkaSettings("x"), EmbeddedStack.NewPrefix());
        h.Produce(300);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = h.Loop(new UppercaseTask(h.Output), h.Group + "-tx").RunAsync(cts.Token);

        AssertExactlyOnceInKeyOrder(h.ReadCommitted(h.Output, 300), 300);
        await cts.CancelAsync();
        await run;

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(h.Configs.Consumer("check", h.Group)).Build();
        var committed = consumer.Committed([.. Enumerable.Range(0, 3).Select(p => new TopicPartition(h.Input, p))], TimeSpan.FromSeconds(10));
        Assert.Equal(300, committed.Sum(c => c.Offset.Value));
    }

    [Fact]
    public async Task A_poison_record_goes_to_the_dead_letter_topic_with_its_reason_and_the_partition_keeps_flowing()
    {
        var h = new StreamHarness(stack.Kafka, stack.KafkaSettings("x"), EmbeddedStack.NewPrefix(), partitions: 1);
        h.Produce(20, keys: 1, value: i => i == 7 ? "poison" : $"k0:v{i}");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = h.Loop(new UppercaseTask(h.Output), h.Group + "-tx").RunAsync(cts.Token);

        var output = h.ReadCommitted(h.Output, 19);
        var dead = h.ReadCommitted(h.DeadLetters, 1);
        await cts.CancelAsync();
        await run;

        Assert.Equal(19, output.Count);
        var parked = Assert.Single(dead);
        Assert.Equal("poison", parked.Message.Value);
        string Header(string name) => StreamHarness.Text(parked.Message.Headers.GetLastBytes(name));
        Assert.Equal("cannot read 'poison'", Header(DeadLetterHeaders.Error));
        Assert.Equal(h.Input, Header(DeadLetterHeaders.Topic));
        Assert.Equal("7", Header(DeadLetterHeaders.Offset));
        Assert.Equal("System.FormatException", Header(DeadLetterHeaders.ExceptionType));
    }

    [Fact]
    public async Task After_an_aborted_transaction_the_batch_is_redone_and_still_comes_out_once()
    {
        // A private cluster: injected errors apply to every client of a cluster.
        using var kafka = EmbeddedKafka.Start(3);
        var h = new StreamHarness(kafka, stack.KafkaSettings("x"), EmbeddedStack.NewPrefix());
        h.Produce(200);
        var task = new UppercaseTask(h.Output);
        var injected = 0;
        task.BeforeProcess = record =>
        {
            // Mid-stream, make the next produce requests fail permanently: the open transaction must abort.
            if (record.Offset.Value == 20 && Interlocked.Exchange(ref injected, 1) == 0)
            {
                const short produce = 0;
                kafka.FailNextRequests(produce, ErrorCode.InvalidRecord, ErrorCode.InvalidRecord, ErrorCode.InvalidRecord);
            }

            return Task.CompletedTask;
        };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = h.Loop(task, h.Group + "-tx").RunAsync(cts.Token);

        AssertExactlyOnceInKeyOrder(h.ReadCommitted(h.Output, 200), 200);
        await cts.CancelAsync();
        await run;
        Assert.Equal(1, injected);
        Assert.True(task.Reloads >= 2, "the task's state was not reloaded after the abort");
    }

    [Fact]
    public async Task A_replica_restarted_with_the_same_transactional_id_fences_its_predecessor_without_duplicates()
    {
        var h = new StreamHarness(stack.Kafka, stack.KafkaSettings("x"), EmbeddedStack.NewPrefix());
        h.Produce(100);
        var stuck = new TaskCompletionSource();
        var zombieTask = new UppercaseTask(h.Output)
        {
            // The first replica processes records but hangs before committing, like a process frozen mid-transaction.
            BeforeProcess = r => r.Offset.Value >= 10 ? stuck.Task : Task.CompletedTask,
        };
        using var zombieStop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var zombie = h.Loop(zombieTask, h.Group + "-tx", maxBatch: 1000).RunAsync(zombieStop.Token);
        await WaitUntil(() => !zombieTask.Owned.IsEmpty);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var successor = h.Loop(new UppercaseTask(h.Output), h.Group + "-tx").RunAsync(cts.Token);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        stuck.SetResult(); // the zombie wakes up: its transaction was fenced and must not land
        await zombieStop.CancelAsync();
        await Assert.ThrowsAnyAsync<KafkaException>(() => zombie);

        AssertExactlyOnceInKeyOrder(h.ReadCommitted(h.Output, 100), 100);
        await cts.CancelAsync();
        await successor;
    }

    [Fact]
    public async Task Two_replicas_share_the_partitions_and_a_rebalance_loses_and_repeats_nothing()
    {
        var h = new StreamHarness(stack.Kafka, stack.KafkaSettings("x"), EmbeddedStack.NewPrefix(), partitions: 4);
        h.Produce(200);
        var first = new UppercaseTask(h.Output);
        var second = new UppercaseTask(h.Output);
        using var stopFirst = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var stopSecond = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var slow = new Func<ConsumeResult<byte[]?, byte[]?>, Task>(_ => Task.Delay(5));
        first.BeforeProcess = slow;
        second.BeforeProcess = slow;
        var runFirst = h.Loop(first, h.Group + "-tx-1", maxBatch: 10).RunAsync(stopFirst.Token);
        await WaitUntil(() => first.Owned.Count == 4);
        var runSecond = h.Loop(second, h.Group + "-tx-2", maxBatch: 10).RunAsync(stopSecond.Token);
        await WaitUntil(() => !second.Owned.IsEmpty);
        Assert.Equal(4, first.Owned.Count + second.Owned.Count);
        Assert.Empty(first.Owned.Keys.Intersect(second.Owned.Keys));

        h.Produce(200, first: 200);
        AssertExactlyOnceInKeyOrder(h.ReadCommitted(h.Output, 400), 400);
        await stopFirst.CancelAsync();
        await stopSecond.CancelAsync();
        await Task.WhenAll(runFirst, runSecond);
    }

    [Fact]
    public async Task What_a_task_pumps_without_any_input_is_committed_too()
    {
        var h = new StreamHarness(stack.Kafka, stack.KafkaSettings("x"), EmbeddedStack.NewPrefix(), partitions: 1);
        var task = new PumpingTask(h.Output);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = h.Loop(task, h.Group + "-tx").RunAsync(cts.Token);
        foreach (var value in new[] { "a", "b", "c" })
        {
            task.Queued.Enqueue(value);
        }

        var output = h.ReadCommitted(h.Output, 3);
        await cts.CancelAsync();
        await run;

        Assert.Equal(["a", "b", "c"], output.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task A_checkpoint_commits_the_intents_and_holds_the_records_until_their_outcome_commits()
    {
        var h = new StreamHarness(stack.Kafka, stack.KafkaSettings("x"), EmbeddedStack.NewPrefix(), partitions: 2);
        h.Produce(40, keys: 4);
        var task = new CheckpointingTask(h.Output) { FailAfterCheckpoint = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = h.Loop(task, h.Group + "-tx").RunAsync(cts.Token);

        // Every record gets one "done"; the first batch's intents were committed before the abort and its records
        // came back (they are seen twice), while no "done" of the aborted transaction is visible.
        var output = h.ReadCommitted(h.Output, 40 * 2);
        await cts.CancelAsync();
        await run;

        var done = output.Where(r => r.Message.Value.StartsWith("done:", StringComparison.Ordinal)).Select(r => r.Message.Value).ToList();
        Assert.Equal(40, done.Count);
        Assert.Equal(40, done.Distinct().Count());
        var intents = output.Where(r => r.Message.Value.StartsWith("intent:", StringComparison.Ordinal)).ToList();
        Assert.True(intents.Count > 40, "the intents of the checkpoint before the abort were not committed");
        Assert.True(task.Seen.Count > 40, "the held records were not redelivered after the abort");
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(h.Configs.Consumer("check", h.Group)).Build();
        var committed = consumer.Committed([.. Enumerable.Range(0, 2).Select(p => new TopicPartition(h.Input, p))], TimeSpan.FromSeconds(10));
        Assert.Equal(40, committed.Sum(c => c.Offset.Value));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 30 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
