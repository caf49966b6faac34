using System.Collections.Concurrent;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Ledger;

/// <summary>
/// What became of every command id of the owned partitions, restored from the compacted ledger topic. A command id
/// found here is never executed again: "done" is skipped, "attempting" is reconciled with the driver.
/// </summary>
public sealed class CommandLedger
{
    public const string Attempting = "attempting";
    public const string Done = "done";

    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, LedgerEntry>> _byPartition = new();

    public LedgerEntry? Find(int partition, string commandId) =>
        _byPartition.TryGetValue(partition, out var entries) && entries.TryGetValue(commandId, out var entry) ? entry : null;

    public void Set(int partition, LedgerEntry entry) => _byPartition.GetOrAdd(partition, _ => new(StringComparer.Ordinal))[entry.CommandId] = entry;

    public void Remove(int partition, string commandId)
    {
        if (_byPartition.TryGetValue(partition, out var entries))
        {
            entries.TryRemove(commandId, out _);
        }
    }

    public void Load(int partition, IEnumerable<LedgerEntry> entries)
    {
        var table = new ConcurrentDictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            table[entry.CommandId] = entry;
        }

        _byPartition[partition] = table;
    }

    public void Drop(int partition) => _byPartition.TryRemove(partition, out _);
}
