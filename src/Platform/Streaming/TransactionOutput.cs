using Confluent.Kafka;

namespace Evostream.Platform.Streaming;

/// <summary>Produces into the loop's open transaction; nothing is visible to read_committed readers until it commits.</summary>
public sealed class TransactionOutput
{
    private readonly IProducer<byte[]?, byte[]?> _producer;

    internal TransactionOutput(IProducer<byte[]?, byte[]?> producer) => _producer = producer;

    internal Action<IReadOnlyCollection<TopicPartitionOffset>>? CheckpointHandler { get; set; }

    /// <summary>Records produced into the open transaction since it began.</summary>
    public int Pending { get; private set; }

    public void Produce(string topic, byte[]? key, byte[]? value, Headers? headers = null) =>
        Produce(new TopicPartition(topic, Partition.Any), key, value, headers);

    /// <summary>Produces to an explicit partition: state keyed by something other than the instance still lives beside its commands.</summary>
    /// <param name="timestamp">The record's time; by default the time it is produced.</param>
    public void Produce(TopicPartition destination, byte[]? key, byte[]? value, Headers? headers = null, Timestamp? timestamp = null)
    {
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers ?? [] };
        if (timestamp is { } time)
        {
            message.Timestamp = time;
        }

        while (true)
        {
            try
            {
                // Delivery failures need no callback: they make the transaction abortable, and the commit reports it.
                _producer.Produce(destination, message);
                Pending++;
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>
    /// Commits the open transaction now and begins the next one. Input offsets pass every record handled so far
    /// except, per partition, the records from <paramref name="holdFrom"/> on: those stay uncommitted, so a crash
    /// redelivers them. A stage writes an intent this way before an effect outside Kafka (a WhatsApp send), then
    /// the effect's outcome in the next transaction. Throws <see cref="KafkaTxnRequiresAbortException"/> like any
    /// commit; let it propagate and the loop rewinds.
    /// </summary>
    public void Checkpoint(IReadOnlyCollection<TopicPartitionOffset> holdFrom) =>
        (CheckpointHandler ?? throw new InvalidOperationException("This output is not attached to a loop."))(holdFrom);

    internal void Reset() => Pending = 0;
}
