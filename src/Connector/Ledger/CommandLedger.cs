using Evostream.Contracts.V1;

namespace Evostream.Connector.Ledger;

/// <summary>
/// What became of the command ids of the owned partitions within the ledger topic's retention, restored from that
/// topic on assignment. A command id found here is never executed again: "done" is skipped, "attempting" is
/// reconciled with the driver. A done id is forgotten once it is older than the retention, exactly when the topic
/// may drop its record too, so memory is bounded by the traffic of one retention period, not of the process's life.
/// Used from the transactional loop's thread only.
/// </summary>
public sealed class CommandLedger
{
    public const string Attempting = "attempting";
    public const string Done = "done";

    /// <summary>How often at most expired done ids are swept out; they may outlive the retention by this much, which is the safe direction.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    private readonly Dictionary<int, PartitionLedger> _partitions = [];
    private readonly TimeSpan? _retention;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextSweep;

    /// <param name="retention">The ledger topic's retention; null when the topic keeps records forever, and so does this.</param>
    /// <param name="time">The loop's clock: it dates the sweeps and what is old enough to forget.</param>
    public CommandLedger(TimeSpan? retention, TimeProvider time)
    {
        if (retention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "the ledger retention must be positive, or null for forever.");
        }

        _retention = retention;
        _time = time;
        _nextSweep = time.GetUtcNow() + SweepInterval;
    }

    /// <summary>Command ids held, done and attempting, over all owned partitions.</summary>
    public int Count => _partitions.Values.Sum(p => p.Done.Count + p.Attempts.Count);

    public bool IsDone(int partition, string commandId) =>
        _partitions.TryGetValue(partition, out var ledger) && ledger.Done.ContainsKey(CommandIdHash.Of(commandId));

    /// <summary>The whole entry of an attempt whose outcome is not recorded yet, for reconciliation; null when there is none.</summary>
    public LedgerEntry? FindAttempt(int partition, string commandId) =>
        _partitions.TryGetValue(partition, out var ledger) ? ledger.Attempts.GetValueOrDefault(commandId) : null;

    /// <summary>Records an entry as the ledger topic does: the latest entry of a command id replaces the earlier one.</summary>
    public void Set(int partition, LedgerEntry entry)
    {
        if (!_partitions.TryGetValue(partition, out var ledger))
        {
            _partitions[partition] = ledger = new PartitionLedger();
        }

        ledger.Add(entry, _time.GetUtcNow());
        SweepIfDue();
    }

    /// <summary>
    /// Replaces a partition's ledger with the topic's entries, in offset order. Entries already older than the
    /// retention are left out: the topic may have dropped them as well, so nothing relies on them.
    /// </summary>
    public void Load(int partition, IEnumerable<LedgerEntry> entries)
    {
        var now = _time.GetUtcNow();
        var expiry = Expiry(now);
        var ledger = new PartitionLedger();
        foreach (var entry in entries)
        {
            ledger.Add(entry, now);
            if (expiry is { } before && LedgerMinute.Of(entry, now) < before)
            {
                ledger.Forget(entry.CommandId);
            }
        }

        _partitions[partition] = ledger;
    }

    public void Drop(int partition) => _partitions.Remove(partition);

    private void SweepIfDue()
    {
        var now = _time.GetUtcNow();
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + SweepInterval;
        if (Expiry(now) is { } before)
        {
            // One linear pass over the done ids, at most once per interval and never on a lookup.
            foreach (var ledger in _partitions.Values)
            {
                ledger.Evict(before);
            }
        }
    }

    /// <summary>Ids done before this minute are older than the retention; null when nothing expires.</summary>
    private uint? Expiry(DateTimeOffset now) => _retention is { } retention ? LedgerMinute.Of(now - retention) : null;

    private sealed class PartitionLedger
    {
        /// <summary>Done ids, only as a hash, with the minute they were done.</summary>
        public Dictionary<CommandIdHash, uint> Done { get; } = [];

        /// <summary>Attempts without an outcome yet: few (at most a batch, or what a crash left), kept whole.</summary>
        public Dictionary<string, LedgerEntry> Attempts { get; } = new(StringComparer.Ordinal);

        public void Add(LedgerEntry entry, DateTimeOffset now)
        {
            var hash = CommandIdHash.Of(entry.CommandId);
            if (entry.State == CommandLedger.Done)
            {
                Attempts.Remove(entry.CommandId);
                Done[hash] = LedgerMinute.Of(entry, now);
            }
            else
            {
                Done.Remove(hash);
                Attempts[entry.CommandId] = entry;
            }
        }

        public void Forget(string commandId)
        {
            Attempts.Remove(commandId);
            Done.Remove(CommandIdHash.Of(commandId));
        }

        /// <summary>
        /// Forgets done ids done before <paramref name="minute"/>. Attempts stay until their outcome replaces them:
        /// their command is still uncommitted in the input, so it comes back right away and needs them.
        /// </summary>
        public void Evict(uint minute)
        {
            foreach (var (hash, doneAt) in Done)
            {
                if (doneAt < minute)
                {
                    // Removing while enumerating is allowed for Dictionary and does not disturb the enumeration.
                    Done.Remove(hash);
                }
            }
        }
    }
}
