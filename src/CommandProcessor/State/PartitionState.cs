using Evostream.CommandProcessor.Scheduling;
using Evostream.Contracts.V1;

namespace Evostream.CommandProcessor.State;

/// <summary>
/// Everything the processor knows for one partition of the commands topic. Every state topic is keyed by instance
/// (or written to the same partition number explicitly), so this partition's state is found in partition
/// <see cref="Partition"/> of each.
/// </summary>
internal sealed class PartitionState(int partition)
{
    public int Partition { get; } = partition;

    /// <summary>The connector's view, tailed from the instance-state topic.</summary>
    public Dictionary<string, InstanceState> Connector { get; } = new(StringComparer.Ordinal);

    /// <summary>Lifecycle changes this processor accepted, until the connector's state is newer.</summary>
    public Dictionary<string, OwnInstanceView> Own { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Instance, string Key), IdempotencyEntry> Idempotency { get; } = [];

    public Dictionary<string, RateState> Rates { get; } = new(StringComparer.Ordinal);

    public ScheduleBook Schedules { get; } = new();

    /// <summary>
    /// The instance as validation sees it: the newer of the connector's state (a deletion included) and this
    /// processor's own view. On a tie the processor's: it accepted the change after reading that state.
    /// </summary>
    public InstanceFacts Facts(string instance)
    {
        Connector.TryGetValue(instance, out var connector);
        if (Own.TryGetValue(instance, out var own) && (connector?.UpdatedAt is null || connector.UpdatedAt.ToDateTimeOffset() <= own.At))
        {
            return own.Exists
                ? new InstanceFacts(true, false, "created", own.HoldUntilConnected)
                : new InstanceFacts(false, true, "deleted", false);
        }

        if (connector is null)
        {
            return InstanceFacts.Unknown;
        }

        var deleted = connector.Connection == InstanceFacts.Deleted;
        return new InstanceFacts(!deleted, deleted, connector.Connection, connector.HoldUntilConnected);
    }
}
