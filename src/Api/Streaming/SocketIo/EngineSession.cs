using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Evostream.Api.Streaming.Feed;

namespace Evostream.Api.Streaming.SocketIo;

public enum EngineTransport { Polling, WebSocket }

/// <summary>
/// One Engine.IO v4 session: its outgoing packets (a bounded queue that whichever transport is current drains), the
/// server's pings, the polling-to-websocket upgrade, and the Socket.IO namespaces connected over it, each streaming
/// one instance's events (<c>/&lt;instance&gt;</c>) or every instance's (<c>/</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The session's loops read its cancellation token after Close cancels it; it is never disposed so they cannot race a dispose.")]
public sealed partial class EngineSession
{
    private static readonly string[] s_upgrades = ["websocket"];

    public const int PingIntervalMs = 25_000;
    public const int PingTimeoutMs = 20_000;
    public const int MaxPayload = 1_000_000;
    private const char Separator = '\x1e';

    private readonly Channel<string> _out = Channel.CreateBounded<string>(new BoundedChannelOptions(64));
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _probing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CancellationTokenSource> _namespaces = new(StringComparer.Ordinal);
    private readonly StreamGate _streams;
    private readonly string? _key;
    private readonly string? _since;
    private readonly EngineSessions _registry;
    private readonly ILogger _log;
    private long _lastPong = Environment.TickCount64;

    internal EngineSession(string id, StreamGate streams, string? key, string? since, EngineSessions registry, ILogger log)
    {
        Id = id;
        _streams = streams;
        _key = key;
        _since = since;
        _registry = registry;
        _log = log;
    }

    public string Id { get; }

    public EngineTransport Transport { get; private set; } = EngineTransport.Polling;

    public string OpenPacket(bool canUpgrade) => "0" + JsonSerializer.Serialize(new
    {
        sid = Id,
        upgrades = canUpgrade ? s_upgrades : [],
        pingInterval = PingIntervalMs,
        pingTimeout = PingTimeoutMs,
        maxPayload = MaxPayload,
    });

    public void Start(EngineTransport transport)
    {
        Transport = transport;
        _ = PingAsync();
    }

    /// <summary>A long-polling GET: the packets waiting, joined by the record separator; waits for at least one.</summary>
    public async Task<string> PollAsync(CancellationToken requestAborted)
    {
        if (Transport != EngineTransport.Polling || _probing.Task.IsCompleted)
        {
            return "6"; // noop: this transport is being replaced
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _closed.Token);
        try
        {
            var waiting = _out.Reader.WaitToReadAsync(linked.Token).AsTask();
            if (await Task.WhenAny(waiting, _probing.Task) != waiting)
            {
                return "6";
            }

            if (!await waiting)
            {
                return "1";
            }
        }
        catch (OperationCanceledException)
        {
            return "1";
        }

        var packets = new StringBuilder();
        while (packets.Length < MaxPayload && _out.Reader.TryRead(out var packet))
        {
            packets.Append(packets.Length == 0 ? "" : Separator).Append(packet);
        }

        return packets.ToString();
    }

    /// <summary>A polling POST: one or more packets, separated by the record separator.</summary>
    public async Task ReceiveAsync(string payload)
    {
        foreach (var packet in payload.Split(Separator))
        {
            await HandleAsync(packet);
        }
    }

    /// <summary>A session that began on a WebSocket: the open packet is its first frame, and there is nothing to upgrade to.</summary>
    public Task RunWebSocketFromOpenAsync(WebSocket socket)
    {
        Enqueue(OpenPacket(canUpgrade: false));
        return RunWebSocketAsync(socket, upgrading: false);
    }

    /// <summary>Serves this session over a WebSocket: the transport from the start, or an upgrade from polling (probe, then 5).</summary>
    public async Task RunWebSocketAsync(WebSocket socket, bool upgrading)
    {
        Task? sending = upgrading ? null : SendAllAsync(socket);
        var buffer = new byte[8 * 1024];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && !_closed.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, _closed.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > MaxPayload)
                {
                    break;
                }

                if (!received.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                if (sending is null && text == "2probe")
                {
                    await socket.SendAsync("3probe"u8.ToArray(), WebSocketMessageType.Text, true, _closed.Token);
                    _probing.TrySetResult();
                }
                else if (sending is null && text == "5")
                {
                    Transport = EngineTransport.WebSocket;
                    sending = SendAllAsync(socket);
                }
                else
                {
                    await HandleAsync(text);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // the client went away
        }
        finally
        {
            // A probe that never completed leaves the session on polling; otherwise the socket was the session.
            if (sending is not null)
            {
                Close("transport closed");
                await sending;
            }
        }
    }

    private async Task SendAllAsync(WebSocket socket)
    {
        try
        {
            await foreach (var packet in _out.Reader.ReadAllAsync(_closed.Token))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
                timeout.CancelAfter(StreamKey.SendTimeout);
                await socket.SendAsync(Encoding.UTF8.GetBytes(packet), WebSocketMessageType.Text, true, timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // closed, or the client took no bytes for SendTimeout
        }

        Close("transport closed");
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task HandleAsync(string packet)
    {
        if (packet.Length == 0)
        {
            return;
        }

        switch (packet[0])
        {
            case '1':
                Close("client closed");
                break;
            case '3':
                Interlocked.Exchange(ref _lastPong, Environment.TickCount64);
                break;
            case '4' when SocketIoPacket.TryParse(packet[1..], out var io):
                await HandleSocketIoAsync(io);
                break;
        }
    }

    private async Task HandleSocketIoAsync(SocketIoPacket packet)
    {
        switch (packet.Type)
        {
            case SocketIoPacket.Connect:
                await ConnectAsync(packet.Namespace, packet.Json);
                break;
            case SocketIoPacket.Disconnect:
                StopNamespace(packet.Namespace);
                break;
        }
    }

    private async Task ConnectAsync(string ns, string authJson)
    {
        var (key, since) = (_key, _since);
        if (authJson.Length > 0)
        {
            try
            {
                using var auth = JsonDocument.Parse(authJson);
                key = Text(auth.RootElement, "apikey") ?? key;
                since = Text(auth.RootElement, "since") ?? since;
            }
            catch (JsonException)
            {
                Enqueue(SocketIoPacket.Error(ns, "the CONNECT auth payload is not JSON"));
                return;
            }
        }

        var instance = ns == "/" ? null : Uri.UnescapeDataString(ns[1..]);
        var opening = await _streams.OpenAsync(key, instance, since, "since", _closed.Token);
        if (opening.Session is not { } session)
        {
            Enqueue(SocketIoPacket.Error(ns, opening.Error!));
            return;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        lock (_gate)
        {
            if (_namespaces.Remove(ns, out var previous))
            {
                previous.Cancel();
            }

            _namespaces[ns] = stop;
        }

        Enqueue(SocketIoPacket.Encode(SocketIoPacket.Connect, ns, JsonSerializer.Serialize(new { sid = $"{Id}#{ns}" })));
        _ = PumpAsync(ns, session, stop.Token);
    }

    private async Task PumpAsync(string ns, StreamSession session, CancellationToken ct)
    {
        using (session)
        {
            try
            {
                await foreach (var item in session.ReadAllAsync(ct))
                {
                    var payload = Encoding.UTF8.GetString(item.Event.BodyWithCursor(item.Cursor));
                    await _out.Writer.WriteAsync(SocketIoPacket.Encode(SocketIoPacket.Event, ns, $"[\"{item.Event.Event}\",{payload}]"), ct);
                }
            }
            catch (StreamClosedException e)
            {
                // CONNECT_ERROR carries a message the client's connect_error handler receives; DISCONNECT carries none.
                // It waits its turn behind the events already queued, for as long as one send may take.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
                timeout.CancelAfter(StreamKey.SendTimeout);
                try
                {
                    await _out.Writer.WriteAsync(SocketIoPacket.Error(ns, e.Message), timeout.Token);
                }
                catch (Exception late) when (late is OperationCanceledException or ChannelClosedException)
                {
                    Close("too slow");
                }

                StopNamespace(ns);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                // namespace or session closed
            }
        }
    }

    private void StopNamespace(string ns)
    {
        lock (_gate)
        {
            if (_namespaces.Remove(ns, out var stop))
            {
                stop.Cancel();
                stop.Dispose();
            }
        }
    }

    private void Enqueue(string packet)
    {
        // Only control packets come here; a session whose queue is full of events is too slow to keep.
        if (!_out.Writer.TryWrite(packet) && !_closed.IsCancellationRequested)
        {
            LogTooSlow(_log, Id);
            Close("too slow");
        }
    }

    private async Task PingAsync()
    {
        long? lastPing = null;
        while (!_closed.IsCancellationRequested)
        {
            await Task.Delay(PingIntervalMs, _closed.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_closed.IsCancellationRequested)
            {
                return;
            }

            if (lastPing is { } sent && Interlocked.Read(ref _lastPong) < sent)
            {
                Close("ping timeout");
                return;
            }

            lastPing = Environment.TickCount64;
            Enqueue("2");
        }
    }

    public void Close(string reason)
    {
        lock (_gate)
        {
            if (_closed.IsCancellationRequested)
            {
                return;
            }

            _closed.Cancel();
            foreach (var stop in _namespaces.Values)
            {
                stop.Cancel();
            }

            _namespaces.Clear();
        }

        _out.Writer.TryComplete();
        _registry.Forget(this);
        LogClosed(_log, Id, reason);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Engine.IO session {Sid} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string sid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine.IO session {Sid} closed: its outgoing queue is full")]
    private static partial void LogTooSlow(ILogger logger, string sid);
}
