using Confluent.Kafka;

namespace Evostream.Platform.Streaming;

/// <summary>Produces into the loop's open transaction; nothing is visible to read_committed readers until it commits.</summary>
public sealed class TransactionOutput
{
    private readonly IProducer<byte[]?, byte[]?> _producer;

    internal TransactionOutput(IProducer<byte[]?, byte[]?> producer) => _producer = producer;

    /// <summary>Records produced into the open transaction since it began.</summary>
    public int Pending { get; private set; }

    public void Produce(string topic, byte[]? key, byte[]? value, Headers? headers = null) =>
        Produce(new TopicPartition(topic, Partition.Any), key, value, headers);

    /// <summary>Produces to an explicit partition: state keyed by something other than the instance still lives beside its commands.</summary>
    public void Produce(TopicPartition destination, byte[]? key, byte[]? value, Headers? headers = null)
    {
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers ?? [] };
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

    internal void Reset() => Pending = 0;
}
