using System.Text;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Platform.Streaming;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Evostream.Connector.Events;

/// <summary>
/// Stamps events (id, instance, time, causing command, sender) and writes them, in the configured format, to the
/// topics of the configured mode, keyed by instance, inside the loop's transaction.
/// </summary>
public sealed class EventWriter(EventEncoder encoder, EventPublishing publishing, TimeProvider time)
{
    public async ValueTask WriteAsync(EventEnvelope envelope, TransactionOutput output, CancellationToken ct)
    {
        envelope.OccurredAt ??= Timestamp.FromDateTimeOffset(time.GetUtcNow());
        if (envelope.EventId.Length == 0)
        {
            envelope.EventId = Guid.NewGuid().ToString();
        }

        envelope.Event = EvolutionEvents.NameOf(envelope);
        foreach (var record in await encoder.EncodeAsync(envelope, publishing, ct: ct))
        {
            var headers = new Headers();
            foreach (var (name, value) in record.Headers)
            {
                headers.Add(name, Encoding.UTF8.GetBytes(value));
            }

            output.Produce(record.Topic, Encoding.UTF8.GetBytes(record.Key), record.Value, headers);
        }
    }
}
