using Confluent.Kafka;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Execution;

/// <summary>A command read in this batch, waiting for the batch's effect phase.</summary>
/// <param name="Reconcile">Its ledger entry says an earlier attempt may have had its effect: ask the driver before anything.</param>
/// <param name="Intent">An "attempting" entry was written for it, to commit before the effect.</param>
public sealed record PendingCommand(TopicPartitionOffset Source, CommandEnvelope Command, string Name, string MessageId, bool Reconcile, bool Intent)
{
    public int Partition => Source.Partition.Value;
}
