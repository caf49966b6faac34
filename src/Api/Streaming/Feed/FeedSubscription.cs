using System.Threading.Channels;

namespace Evostream.Api.Streaming.Feed;

/// <summary>
/// One stream's place at the hub: the live events of its instance (or of all, when <see cref="Instance"/> is null),
/// in a bounded channel. A client that lets it fill is closed, never buffered without bound.
/// </summary>
public sealed class FeedSubscription : IDisposable
{
    private readonly FeedHub _hub;
    private readonly Channel<FeedEvent> _live;
    private readonly int _capacity;

    internal FeedSubscription(FeedHub hub, string? instance, int capacity, IReadOnlyDictionary<int, long> start)
    {
        _hub = hub;
        _capacity = capacity;
        Instance = instance;
        Start = start;
        _live = Channel.CreateBounded<FeedEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    public string? Instance { get; }

    /// <summary>The hub's next offsets when this subscription joined: live events start there, replay ends there.</summary>
    public IReadOnlyDictionary<int, long> Start { get; }

    public ChannelReader<FeedEvent> Live => _live.Reader;

    /// <summary>Called by the hub's single dispatch thread.</summary>
    internal void Offer(FeedEvent e)
    {
        if (!_live.Writer.TryWrite(e))
        {
            Close($"slow consumer: more than {_capacity} events were waiting to be sent (EVOSTREAM_STREAM_BUFFER); reconnect with since=<last cursor> to resume");
        }
    }

    internal void Close(string reason)
    {
        if (_live.Writer.TryComplete(new StreamClosedException(reason)))
        {
            _hub.Remove(this);
        }
    }

    public void Dispose()
    {
        _live.Writer.TryComplete();
        _hub.Remove(this);
    }
}
