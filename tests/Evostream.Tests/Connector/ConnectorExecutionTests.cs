using Evostream.Connector.Drivers;
using Evostream.Connector.Execution;
using Evostream.Connector.Ledger;
using Evostream.Contracts.Ids;
using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;
using Confluent.Kafka;
using Google.Protobuf;

namespace Evostream.Tests.Execution;

public class ConnectorExecutionTests(EmbeddedStack stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_hundred_instances_sending_concurrently_keep_their_order_and_each_command_runs_once()
    {
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("cx")));
        var driver = new FakeDriver();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (_, run) = h.Start(driver, cts.Token);
        var instances = Enumerable.Range(0, 100).Select(i => $"shop{i}").ToList();
        h.Send([.. instances.Select(ConnectorHarness.Create)]);
        const int perInstance = 5;
        // Interleaved as concurrent senders would: round after round across all instances.
        h.Send([.. Enumerable.Range(0, perInstance).SelectMany(n => instances.Select(i => ConnectorHarness.Text(i, $"{i}-m{n}", $"{n}")))]);

        var executed = h.Events("command.executed", 100 + (100 * perInstance));
        var sends = h.Events("send.message", 100 * perInstance);
        await cts.CancelAsync();
        await run;

        Assert.Equal(100 + (100 * perInstance), executed.Count);
        Assert.Equal(executed.Count, executed.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(100 * perInstance, sends.Count);
        Assert.All(driver.Sent.Values, count => Assert.Equal(1, count));
        foreach (var instance in instances)
        {
            // The transport saw them in order, and the log says so too.
            Assert.Equal(Enumerable.Range(0, perInstance).Select(n => $"{n}"), driver.Texts[instance]);
            var logged = executed.Where(e => e.Instance == instance && e.CommandExecuted.Command == "sendText").Select(e => e.CausationCommandId);
            Assert.Equal(Enumerable.Range(0, perInstance).Select(n => $"{instance}-m{n}"), logged);
        }
    }

    [Fact]
    public async Task A_repeated_command_id_makes_no_second_effect_and_no_second_event()
    {
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("cx")));
        var driver = new FakeDriver();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (_, run) = h.Start(driver, cts.Token);
        h.Send(ConnectorHarness.Create("dup"), ConnectorHarness.Text("dup", "same-id", "hello"), ConnectorHarness.Text("dup", "same-id", "hello"));
        h.Events("send.message", 1);
        h.Send(ConnectorHarness.Text("dup", "same-id", "hello"), ConnectorHarness.Text("dup", "other-id", "next"));

        var executed = h.Events("command.executed", 3);
        var sends = h.Events("send.message", 2);
        await cts.CancelAsync();
        await run;

        Assert.Equal(["create-dup", "same-id", "other-id"], executed.Select(e => e.CausationCommandId));
        Assert.Equal(2, sends.Count);
        Assert.Equal(1, driver.Sent[CommandIds.MessageId("same-id")]);
        Assert.Equal(CommandIds.MessageId("same-id"), sends[0].SendMessage.Key.Id);
        Assert.Equal(CommandIds.EventId("same-id", 0), sends[0].EventId);
    }

    [Fact]
    public async Task An_interrupted_attempt_is_reconciled_with_the_driver_and_never_sent_twice()
    {
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("cx")));
        var driver = new FakeDriver();
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var (_, run) = h.Start(driver, first.Token);
            h.Send(ConnectorHarness.Create("rec"));
            h.Events("connection.update", 1);
            await first.CancelAsync();
            await run;
        }

        // What a crash between effect and commit leaves: the message went out, the ledger says "attempting", and the
        // command is still uncommitted. A second command crashed before its effect.
        driver.Sent[CommandIds.MessageId("went-out")] = 1;
        WriteAttempting(h, "rec", "went-out");
        WriteAttempting(h, "rec", "never-went");
        h.Send(ConnectorHarness.Text("rec", "went-out", "a"), ConnectorHarness.Text("rec", "never-went", "b"));

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (_, again) = h.Start(driver, cts.Token);
        var executed = h.Events("command.executed", 3);
        await cts.CancelAsync();
        await again;

        Assert.Equal(1, driver.Sent[CommandIds.MessageId("went-out")]);
        Assert.Equal(1, driver.Sent[CommandIds.MessageId("never-went")]);
        var reconciled = Assert.Single(executed, e => e.CausationCommandId == "went-out");
        Assert.StartsWith("reconciled", reconciled.CommandExecuted.Detail, StringComparison.Ordinal);
        Assert.Single(executed, e => e.CausationCommandId == "never-went");

        // The reconciled send is still published once, so consumers and read models see the message.
        var sent = h.Events("send.message", 2);
        Assert.Single(sent, e => e.SendMessage.Key.Id == CommandIds.MessageId("went-out"));
        Assert.Single(sent, e => e.SendMessage.Key.Id == CommandIds.MessageId("never-went"));
    }

    [Fact]
    public async Task Without_send_lookup_an_interrupted_attempt_is_reported_as_outcome_unknown_and_not_retried()
    {
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("cx")));
        var driver = new FakeDriver(DriverCapabilities.All & ~DriverCapabilities.SendLookup);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        h.Send(ConnectorHarness.Create("blind"));
        WriteAttempting(h, "blind", "maybe");
        h.Send(ConnectorHarness.Text("blind", "maybe", "x"));
        var (_, run) = h.Start(driver, cts.Token);

        var unknown = h.Events("command.outcome-unknown", 1);
        var executed = h.Events("command.executed", 1);
        await cts.CancelAsync();
        await run;

        var outcome = Assert.Single(unknown);
        Assert.Equal("maybe", outcome.CommandOutcomeUnknown.CommandId);
        Assert.Equal(CommandIds.MessageId("maybe"), outcome.CommandOutcomeUnknown.MessageId);
        Assert.False(driver.Sent.ContainsKey(CommandIds.MessageId("maybe")));
        Assert.DoesNotContain(executed, e => e.CausationCommandId == "maybe");
    }

    [Fact]
    public async Task Commands_the_driver_cannot_do_or_for_unknown_instances_are_rejected_with_the_reason()
    {
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("cx")));
        var driver = new FakeDriver(DriverCapabilities.All & ~DriverCapabilities.Groups);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (_, run) = h.Start(driver, cts.Token);
        h.Send(
            ConnectorHarness.Text("ghost", "to-ghost", "x"),
            ConnectorHarness.Create("cap"),
            new CommandEnvelope { CommandId = "group", Instance = "cap", CreateGroup = new CreateGroup { Subject = "s" } },
            new CommandEnvelope { CommandId = "create-again", Instance = "cap", CreateInstance = new CreateInstance() });
        h.SendRaw("cap", "not json at all"u8.ToArray());

        var rejected = h.Events("command.rejected", 3);
        var dead = h.ReadCommitted(h.Topics.DeadLetter, 1, partitions: ConnectorHarness.Partitions);
        await cts.CancelAsync();
        await run;

        Assert.Equal(404, rejected.Single(r => r.CausationCommandId == "to-ghost").CommandRejected.HttpStatus);
        var group = rejected.Single(r => r.CausationCommandId == "group").CommandRejected;
        Assert.Equal("execution", group.Stage);
        Assert.Equal(400, group.HttpStatus);
        Assert.Contains("the fake transport (WHATSAPP-BAILEYS) cannot do createGroup: it has no group management", group.Reason, StringComparison.Ordinal);
        Assert.Equal(403, rejected.Single(r => r.CausationCommandId == "create-again").CommandRejected.HttpStatus);
        Assert.Single(dead);
    }

    private static void WriteAttempting(ConnectorHarness h, string instance, string commandId)
    {
        // Same partition as the command: the murmur2 partition of the instance key.
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(h.Configs.Producer("test-ledger")).Build();
        var entry = new LedgerEntry { CommandId = commandId, Instance = instance, Command = "sendText", State = CommandLedger.Attempting, MessageId = CommandIds.MessageId(commandId) };
        var partition = PartitionOf(h, instance);
        producer.Produce(new TopicPartition(h.Topics.CommandLedger, partition), new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(commandId), Value = entry.ToByteArray() });
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    private static int PartitionOf(ConnectorHarness h, string instance)
    {
        // Ask Kafka where the producer's partitioner puts the key: produce a marker to the ledger topic and look.
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(h.Configs.Producer("test-probe")).Build();
        var report = producer.ProduceAsync(h.Topics.CommandLedger, new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(instance), Value = null }).GetAwaiter().GetResult();
        return report.Partition.Value;
    }
}
