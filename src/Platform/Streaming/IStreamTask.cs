using Confluent.Kafka;

namespace Evostream.Platform.Streaming;

/// <summary>
/// One stage of a consume-transform-produce pipeline. The loop calls it on a single thread, in partition order;
/// everything it produces through <see cref="TransactionOutput"/> commits atomically with the input offsets.
/// </summary>
public interface IStreamTask
{
    /// <summary>
    /// Partitions became this replica's: load their state (for example from a compacted topic). Also called after
    /// an aborted transaction, following <see cref="OnRevokedAsync"/>, so in-memory state never keeps changes
    /// whose records were rolled back.
    /// </summary>
    Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct);

    /// <summary>Partitions left (their last transaction is already committed, or aborted if lost): drop their state.</summary>
    Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct);

    /// <summary>
    /// Handles one record. Expected failures (bad input, a rejected command) should become output records; an
    /// exception sends the record to the dead-letter topic with error headers, and the partition moves on.
    /// </summary>
    ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct);

    /// <summary>
    /// Called once per batch, after its records, on the loop's thread: produce what did not come from an input
    /// record (inbound WhatsApp events, schedules that fell due). It commits with the batch, or with no input at all.
    /// </summary>
    ValueTask PumpAsync(TransactionOutput output, CancellationToken ct) => ValueTask.CompletedTask;

    /// <summary>
    /// Per partition, the first offset whose work is not finished yet (a webhook still being retried): every commit,
    /// including the one on revocation, stops there, so a crash or a new owner starts again from it. Empty by default.
    /// </summary>
    IReadOnlyCollection<TopicPartitionOffset> HeldFrom() => [];

    /// <summary>
    /// The open transaction committed (a batch, or a <see cref="TransactionOutput.Checkpoint"/>): what the task
    /// produced into it is durable, so it can forget what it kept to produce again after an abort.
    /// </summary>
    void OnCommitted()
    {
    }
}
