using Evostream.Contracts.V1;

namespace Evostream.Delivery.Queues;

/// <summary>
/// What the delivery stage keeps for one feed partition it owns: the instances' webhook configuration, the
/// deliveries restored from the retries topic, one queue per instance and target, and which feed records still
/// have deliveries in flight, so the committed offset never passes one of them. Touched only on the loop thread.
/// </summary>
public sealed class PartitionWork(int partition, int generation) : IDisposable
{
    private readonly Dictionary<long, int> _pending = [];
    private readonly SortedSet<long> _unsettled = [];

    public int Partition { get; } = partition;

    public int Generation { get; } = generation;

    public CancellationTokenSource Stop { get; } = new();

    public Dictionary<string, WebhookConfig> Webhooks { get; } = new(StringComparer.Ordinal);

    /// <summary>Retrying and parked deliveries by delivery id, as the retries topic holds them.</summary>
    public Dictionary<string, WebhookDeliveryState> States { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EndpointQueue> Queues { get; } = new(StringComparer.Ordinal);

    /// <summary>The first feed offset with a delivery in flight, or null when every record read so far is settled.</summary>
    public long? HeldFrom => _unsettled.Count > 0 ? _unsettled.Min : null;

    public void Hold(long offset)
    {
        if (_pending.TryGetValue(offset, out var count))
        {
            _pending[offset] = count + 1;
        }
        else
        {
            _pending[offset] = 1;
            _unsettled.Add(offset);
        }
    }

    /// <returns>Whether the held-from offset moved.</returns>
    public bool Settle(long offset)
    {
        if (!_pending.TryGetValue(offset, out var count))
        {
            return false;
        }

        if (count > 1)
        {
            _pending[offset] = count - 1;
            return false;
        }

        var wasFirst = _unsettled.Min == offset;
        _pending.Remove(offset);
        _unsettled.Remove(offset);
        return wasFirst;
    }

    public void Dispose()
    {
        Stop.Cancel();
        Stop.Dispose();
    }
}
