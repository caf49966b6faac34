using System.Collections.Concurrent;
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
    private static readonly TimeSpan s_tick = TimeSpan.FromMicroseconds(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastByInstance = new(StringComparer.Ordinal);

    public async ValueTask WriteAsync(EventEnvelope envelope, TransactionOutput output, CancellationToken ct)
    {
        envelope.OccurredAt = Timestamp.FromDateTimeOffset(Monotonic(envelope.Instance, envelope.OccurredAt?.ToDateTimeOffset() ?? time.GetUtcNow()));
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

    /// <summary>
    /// One instance's events carry strictly rising times in the order they are written: consumers and read models
    /// that order by time (a later connection.update wins) then agree with the log, even for events a transport
    /// stamped within the same microsecond or a command's result stamped before a signal it raced with.
    /// </summary>
    private DateTimeOffset Monotonic(string instance, DateTimeOffset at) =>
        _lastByInstance.AddOrUpdate(instance, at, (_, last) => at >= last + s_tick ? at : last + s_tick);
}
