using Evostream.Connector.Ledger;
using Evostream.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Evostream.Tests.Execution.Ledger;

public class CommandLedgerTests
{
    private const int Partition = 3;
    private static readonly TimeSpan s_retention = TimeSpan.FromDays(14);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_done_id_is_skipped_and_nothing_else_is()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        ledger.Set(Partition, Entry("c1", CommandLedger.Done, _clock.GetUtcNow()));

        Assert.True(ledger.IsDone(Partition, "c1"));
        Assert.Null(ledger.FindAttempt(Partition, "c1"));
        Assert.False(ledger.IsDone(Partition, "c2"));
        Assert.False(ledger.IsDone(Partition + 1, "c1"));
    }

    [Fact]
    public void An_attempt_is_returned_whole_for_reconciliation()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        var attempt = Entry("c1", CommandLedger.Attempting, _clock.GetUtcNow());
        ledger.Set(Partition, attempt);

        Assert.Equal(attempt, ledger.FindAttempt(Partition, "c1"));
        Assert.False(ledger.IsDone(Partition, "c1"));
    }

    [Fact]
    public void Done_replaces_the_attempt_of_the_same_id()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        ledger.Set(Partition, Entry("c1", CommandLedger.Attempting, _clock.GetUtcNow()));
        ledger.Set(Partition, Entry("c1", CommandLedger.Done, _clock.GetUtcNow()));

        Assert.True(ledger.IsDone(Partition, "c1"));
        Assert.Null(ledger.FindAttempt(Partition, "c1"));
        Assert.Equal(1, ledger.Count);
    }

    [Fact]
    public void Done_ids_are_skipped_throughout_the_retention_and_forgotten_after_it()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        ledger.Set(Partition, Entry("old", CommandLedger.Done, _clock.GetUtcNow()));

        _clock.Advance(s_retention - TimeSpan.FromMinutes(1));
        ledger.Set(Partition, Entry("recent", CommandLedger.Done, _clock.GetUtcNow()));
        Assert.True(ledger.IsDone(Partition, "old"));

        // The next write after the sweep interval has passed sweeps out what the retention no longer covers.
        _clock.Advance(CommandLedger.SweepInterval + TimeSpan.FromMinutes(2));
        ledger.Set(Partition + 1, Entry("trigger", CommandLedger.Done, _clock.GetUtcNow()));

        Assert.False(ledger.IsDone(Partition, "old"));
        Assert.True(ledger.IsDone(Partition, "recent"));
        Assert.True(ledger.IsDone(Partition + 1, "trigger"));
        Assert.Equal(2, ledger.Count);
    }

    [Fact]
    public void Attempts_are_not_swept_out_before_their_outcome()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        var attempt = Entry("pending", CommandLedger.Attempting, _clock.GetUtcNow());
        ledger.Set(Partition, attempt);

        _clock.Advance(s_retention + CommandLedger.SweepInterval + TimeSpan.FromMinutes(1));
        ledger.Set(Partition, Entry("trigger", CommandLedger.Done, _clock.GetUtcNow()));

        Assert.Equal(attempt, ledger.FindAttempt(Partition, "pending"));
    }

    [Fact]
    public void Without_a_retention_done_ids_are_kept_for_good()
    {
        var ledger = new CommandLedger(retention: null, _clock);
        ledger.Set(Partition, Entry("c1", CommandLedger.Done, _clock.GetUtcNow()));

        _clock.Advance(TimeSpan.FromDays(1000));
        ledger.Set(Partition, Entry("trigger", CommandLedger.Done, _clock.GetUtcNow()));

        Assert.True(ledger.IsDone(Partition, "c1"));
    }

    [Fact]
    public void A_restore_leaves_out_entries_older_than_the_retention_and_still_skips_a_repeat_inside_it()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        var now = _clock.GetUtcNow();
        var expired = now - s_retention - TimeSpan.FromMinutes(2);
        var recent = now - s_retention + TimeSpan.FromHours(1);
        var recentAttempt = Entry("recent-attempt", CommandLedger.Attempting, recent);
        ledger.Load(Partition,
        [
            Entry("expired-done", CommandLedger.Done, expired),
            Entry("expired-attempt", CommandLedger.Attempting, expired),
            Entry("recent-done", CommandLedger.Done, recent),
            recentAttempt,
            Entry("finished", CommandLedger.Attempting, recent),
            Entry("finished", CommandLedger.Done, recent),
        ]);

        Assert.False(ledger.IsDone(Partition, "expired-done"));
        Assert.Null(ledger.FindAttempt(Partition, "expired-attempt"));
        Assert.True(ledger.IsDone(Partition, "recent-done"));
        Assert.True(ledger.IsDone(Partition, "finished"));
        Assert.Null(ledger.FindAttempt(Partition, "finished"));
        Assert.Equal(recentAttempt, ledger.FindAttempt(Partition, "recent-attempt"));
        Assert.Equal(3, ledger.Count);
    }

    [Fact]
    public void A_restored_entry_without_a_time_is_kept_a_whole_retention_from_the_restore()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        ledger.Load(Partition, [new LedgerEntry { CommandId = "undated", State = CommandLedger.Done }]);

        _clock.Advance(s_retention - TimeSpan.FromMinutes(1));
        ledger.Set(Partition, Entry("trigger", CommandLedger.Done, _clock.GetUtcNow()));

        Assert.True(ledger.IsDone(Partition, "undated"));
    }

    [Fact]
    public void A_restore_replaces_the_partition_and_a_drop_forgets_it()
    {
        var ledger = new CommandLedger(s_retention, _clock);
        ledger.Set(Partition, Entry("before", CommandLedger.Done, _clock.GetUtcNow()));
        ledger.Set(Partition + 1, Entry("other", CommandLedger.Done, _clock.GetUtcNow()));

        ledger.Load(Partition, [Entry("restored", CommandLedger.Done, _clock.GetUtcNow())]);
        Assert.False(ledger.IsDone(Partition, "before"));
        Assert.True(ledger.IsDone(Partition, "restored"));

        ledger.Drop(Partition);
        Assert.False(ledger.IsDone(Partition, "restored"));
        Assert.True(ledger.IsDone(Partition + 1, "other"));
    }

    [Fact]
    public void A_retention_that_is_not_positive_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CommandLedger(TimeSpan.Zero, _clock));
        Assert.Contains("retention must be positive", error.Message, StringComparison.Ordinal);
    }

    private static LedgerEntry Entry(string commandId, string state, DateTimeOffset at) => new()
    {
        CommandId = commandId,
        Instance = "shop",
        Command = "sendText",
        State = state,
        Outcome = state == CommandLedger.Done ? "executed" : "",
        MessageId = "3EB0" + commandId,
        UpdatedAt = Timestamp.FromDateTimeOffset(at),
    };
}
