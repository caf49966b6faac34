using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Output;
using Evostream.Contracts.Evolution;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.CommandProcessor;

/// <summary>Instance lifecycle, idempotency windows, and state surviving restarts and rebalances, on the real loop.</summary>
public class ProcessorStateLoopTests(EmbeddedStack stack)
{
    private static string Send(string instance, string commandId, string extra = "") =>
        $$"""{"command":"sendText","instance":"{{instance}}","commandId":"{{commandId}}","number":"5511999999999","text":"hi"{{extra}}}""";

    private static string Lifecycle(string command, string instance, string commandId) =>
        $$"""{"command":"{{command}}","instance":"{{instance}}","commandId":"{{commandId}}"}""";

    private static Dictionary<string, (string Reason, string Status, string DuplicateOf)> ById(IEnumerable<Confluent.Kafka.ConsumeResult<string?, byte[]?>> records) =>
        records.ToDictionary(r => TopicTail.Header(r, CommandHeaders.CommandId),
            r => (TopicTail.Header(r, CommandHeaders.RejectionReason), TopicTail.Header(r, CommandHeaders.HttpStatus), TopicTail.Header(r, CommandHeaders.DuplicateOf)));

    private static List<string> Ids(IEnumerable<Confluent.Kafka.ConsumeResult<string?, byte[]?>> records) =>
        [.. records.Select(r => TopicTail.Header(r, CommandHeaders.CommandId))];

    [Fact]
    public async Task Deleted_instances_are_not_found_and_an_accepted_create_takes_the_name_at_once()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults);
        h.CreateEventTopics("shop");
        h.Connector("shop", "open");
        h.Connector("gone", "deleted");
        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var rejected = h.Tail(h.Topics.RejectedCommands);

        h.Commands([Send("gone", "g1")], key: "gone");
        h.Commands([Lifecycle("createInstance", "fresh", "f1"), Lifecycle("createInstance", "fresh", "f2"), Send("fresh", "f3")], key: "fresh");
        h.Commands([Lifecycle("deleteInstance", "shop", "d1"), Send("shop", "d2")]);
        var (run, stop) = h.Start();
        var refused = ById(rejected.WaitFor(4));
        var released = Ids(accepted.WaitFor(2));
        await stop.CancelAsync();
        await run;

        Assert.Equal(["d1", "f1"], released.Order(StringComparer.Ordinal));
        Assert.Equal(4, refused.Count);
        Assert.Equal(("'instance' 'gone' was deleted", "404", ""), refused["g1"]);
        Assert.Equal(("'instanceName' 'fresh' is taken: an instance with this name already exists", "409", ""), refused["f2"]);
        Assert.Equal(("'instance' 'fresh' is not connected (state: created); connect it first, or set holdUntilConnected in its settings to hold sends until it connects", "409", ""), refused["f3"]);
        Assert.Equal(("'instance' 'shop' was deleted", "404", ""), refused["d2"]);
    }

    [Fact]
    public async Task A_send_right_after_the_connector_commits_open_is_accepted_not_refused_as_not_connected()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults);
        var instances = Enumerable.Range(0, 8).Select(i => $"race{i}").ToList();
        foreach (var instance in instances.Append("shop"))
        {
            h.CreateEventTopics(instance);
            h.Connector(instance, instance == "shop" ? "open" : "connecting");
        }

        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var rejected = h.Tail(h.Topics.RejectedCommands);
        var (run, stop) = h.Start();
        h.Commands([Send("shop", "warm")]);
        Assert.Single(accepted.WaitFor(1)); // running, and caught up with the instance states above

        // Each instance opens, and its send follows at once: the processor must not decide on a view it has not fetched.
        foreach (var instance in instances)
        {
            h.Connector(instance, "open");
            h.Commands([Send(instance, "s-" + instance)], key: instance);
        }

        var released = Ids(accepted.WaitFor(1 + instances.Count, settle: TimeSpan.FromSeconds(1)));
        await stop.CancelAsync();
        await run;

        Assert.Empty(ById(rejected.WaitFor(0, settle: TimeSpan.FromSeconds(1))));
        Assert.Equal(instances.Select(i => "s-" + i).Order(StringComparer.Ordinal), released.Where(id => id != "warm").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task After_the_idempotency_window_the_same_key_runs_again()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults with { IdempotencyWindow = TimeSpan.FromHours(1) });
        h.CreateEventTopics("shop");
        h.Connector("shop", "open");
        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var rejected = h.Tail(h.Topics.RejectedCommands);
        const string Key = ",\"idempotencyKey\":\"order-9\"";
        var (run, stop) = h.Start();

        h.Commands([Send("shop", "i1", Key), Send("shop", "i2", Key)]);
        Assert.Single(accepted.WaitFor(1));
        Assert.Equal("i1", ById(rejected.WaitFor(1))["i2"].DuplicateOf);

        h.Clock.Advance(TimeSpan.FromMinutes(59));
        h.Commands([Send("shop", "i3", Key)]);
        Assert.Equal("i1", ById(rejected.WaitFor(2))["i3"].DuplicateOf); // still inside the window

        h.Clock.Advance(TimeSpan.FromMinutes(1)); // exactly one window after i1: it has ended
        h.Commands([Send("shop", "i4", Key), Send("shop", "i5", Key)]);
        var released = Ids(accepted.WaitFor(2));
        var refused = ById(rejected.WaitFor(3));
        await stop.CancelAsync();
        await run;

        Assert.Equal(["i1", "i4"], released);
        Assert.Equal(3, refused.Count);
        Assert.Equal("i4", refused["i5"].DuplicateOf); // the new run opens a new window
    }

    [Fact]
    public async Task Idempotency_keys_and_held_sends_survive_a_restart_and_a_rebalance_and_a_connector_deletion_outranks_an_older_create()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults);
        foreach (var instance in new[] { "shop", "quiet" })
        {
            h.CreateEventTopics(instance);
        }

        h.Connector("shop", "open");
        h.Connector("quiet", "close", hold: true);
        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var rejected = h.Tail(h.Topics.RejectedCommands);
        using var heldEvents = h.Tail(h.EventTopic("quiet", EvolutionEvents.CommandAccepted));
        const string Key = ",\"idempotencyKey\":\"order-1\"";

        // First run: a keyed send runs, a send is held for a closed instance, and an instance is created.
        var (first, stopFirst) = h.Start();
        h.Commands([Send("shop", "a1", Key)]);
        h.Commands([Send("quiet", "h1")], key: "quiet");
        h.Commands([Lifecycle("createInstance", "brief", "b1")], key: "brief");
        Assert.Equal(["a1", "b1"], Ids(accepted.WaitFor(2)).Order(StringComparer.Ordinal));
        Assert.Single(heldEvents.WaitFor(1));
        await stopFirst.CancelAsync();
        await first;

        // The connector deletes "brief" by itself (no delete command), after the processor accepted its create.
        h.ConnectorDeleted("brief", h.Clock.GetUtcNow().AddMinutes(1));

        // Restart with the same transactional id: the key and the deletion are known, the held send still waits.
        var (second, stopSecond) = h.Start();
        h.Commands([Send("shop", "a2", Key)]);
        h.Commands([Send("brief", "b2")], key: "brief");
        var afterRestart = ById(rejected.WaitFor(2));
        Assert.Equal(("'idempotencyKey' 'order-1' was already used by command a1 (accepted 2026-03-01T09:00:00.0000000+00:00); this repeat is not executed", "409", "a1"), afterRestart["a2"]);
        Assert.Equal(("'instance' 'brief' was deleted", "404", ""), afterRestart["b2"]);

        // Another replica joins (a rebalance splits the partitions), then the first leaves: it now owns them all.
        var (other, stopOther) = h.Start(replica: "b");
        h.Commands([Send("shop", "a3", Key)]);
        Assert.Equal("a1", ById(rejected.WaitFor(3))["a3"].DuplicateOf);
        await stopSecond.CancelAsync();
        await second;
        h.Commands([Send("shop", "a4", Key)]);
        h.Connector("quiet", "open", hold: true);
        var released = Ids(accepted.WaitFor(3, TimeSpan.FromSeconds(1)));
        var refused = ById(rejected.WaitFor(4));
        await stopOther.CancelAsync();
        await other;

        Assert.Equal("a1", refused["a4"].DuplicateOf);
        Assert.Equal(4, refused.Count);
        Assert.Equal(["a1", "b1", "h1"], released.Order(StringComparer.Ordinal)); // the held send ran once, after the instance connected
    }

    [Fact]
    public async Task A_batch_of_sends_writes_the_instances_rate_state_once_with_its_last_reservation()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults with { DefaultRates = new RateLimits(60, 0, TimeSpan.Zero) });
        h.CreateEventTopics("shop");
        h.Connector("shop", "open");
        using var events = h.Tail(h.EventTopic("shop", EvolutionEvents.CommandAccepted));
        using var state = h.Tail(h.Topics.ProcessorState);
        var t0 = h.Clock.GetUtcNow();

        // Written before the processor starts, so they arrive together: the first batch holds most of them, if not all.
        h.Commands(Enumerable.Range(0, 50).Select(i => Send("shop", $"r{i:D2}")));
        var (run, stop) = h.Start();
        events.WaitFor(50);
        var rates = state.WaitFor(1).Where(r => r.Message.Key == "rate\nshop").ToList();
        await stop.CancelAsync();
        await run;

        // One record per send would be 50; what a restart reads back is the last: 60/min spaces the 50th send 49 s on.
        Assert.InRange(rates.Count, 1, 49);
        using var last = System.Text.Json.JsonDocument.Parse(rates[^1].Message.Value);
        Assert.Equal(t0 + TimeSpan.FromSeconds(49), last.RootElement.GetProperty("lastRelease").GetDateTimeOffset());
    }
}
