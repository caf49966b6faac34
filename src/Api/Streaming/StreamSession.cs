using System.Runtime.CompilerServices;
using Evostream.Api.Streaming.Feed;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;

namespace Evostream.Api.Streaming;

/// <summary>One delivered event: Evolution's JSON body, and the cursor that resumes just after it.</summary>
public sealed record StreamItem(FeedEvent Event, string Cursor);

/// <summary>
/// What one connected client receives, whatever the transport: the events it missed since its cursor (replayed from
/// the log), then live ones, filtered as Evolution filters websocket events. For an instance stream the instance's
/// websocket block decides (enabled, events), and an <c>instance.configured</c> passing through the feed changes it
/// in order; a global stream carries every Evolution event of every instance.
/// </summary>
public sealed class StreamSession(FeedHub hub, FeedSubscription subscription, StreamScope scope, FeedCursor? since) : IDisposable
{
    private readonly Dictionary<int, long> _position = Merge(scope, subscription.Start, since);
    private WebsocketConfig? _config = scope.Websocket;

    public string? Instance => scope.Instance;

    public async IAsyncEnumerable<StreamItem> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (since is not null)
        {
            await foreach (var e in FeedReplay.ReadAsync(hub, scope.Instance, since, subscription.Start, ct))
            {
                if (Accept(e))
                {
                    yield return new StreamItem(e, Cursor());
                }
            }
        }

        // A closed subscription (slow client) throws its StreamClosedException from here.
        while (await subscription.Live.WaitToReadAsync(ct))
        {
            while (subscription.Live.TryRead(out var e))
            {
                if (Accept(e))
                {
                    yield return new StreamItem(e, Cursor());
                }
            }
        }
    }

    /// <summary>The cursor before any event: where this stream now stands.</summary>
    public string Cursor() => new FeedCursor(new Dictionary<int, long>(_position)).Encode();

    private bool Accept(FeedEvent e)
    {
        if (_position.TryGetValue(e.Partition, out var next) && e.Offset < next)
        {
            return false; // already delivered (a replay and the live feed overlap by nothing, but a forged cursor may)
        }

        _position[e.Partition] = e.Offset + 1;
        if (scope.Instance is null)
        {
            return EventSubscriptions.Allows([], e.Event);
        }

        if (e.IsConfiguration)
        {
            _config = e.Websocket;
            if (_config is not { Enabled: true })
            {
                throw new StreamClosedException($"websocket was disabled for instance \"{scope.Instance}\" (/websocket/set)");
            }
        }

        return EventSubscriptions.Allows(_config!.Events, e.Event);
    }

    private static Dictionary<int, long> Merge(StreamScope scope, IReadOnlyDictionary<int, long> start, FeedCursor? since)
    {
        // A global stream stands at every partition from the start; an instance stream only where its events were.
        var position = scope.Instance is null ? new Dictionary<int, long>(start) : [];
        foreach (var (partition, offset) in since?.Next ?? new Dictionary<int, long>())
        {
            position[partition] = offset;
        }

        return position;
    }

    public void Dispose() => subscription.Dispose();
}
