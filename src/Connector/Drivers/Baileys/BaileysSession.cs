using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Evostream.Connector.Drivers.Baileys.Hosting;
using Evostream.Connector.Drivers.Simulator.Execution;
using Evostream.Connector.Drivers.Simulator.Linking;
using Evostream.Connector.Drivers.Simulator.Network;
using EventData = Evostream.Connector.Drivers.Simulator.Network.Events;
using Evostream.Contracts.V1;
using Microsoft.Extensions.Logging;
using Kind = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Connector.Drivers.Baileys;

/// <summary>
/// One instance's WhatsApp Web session, hosted by the replica's sidecar. It keeps the latest auth state the
/// sidecar reported, hands each one to the connector as credentials, and opens the session again from it when
/// the sidecar is replaced.
/// </summary>
public sealed partial class BaileysSession : IWhatsAppSession, ISidecarClient
{
    private const int RememberedSends = 512;
    private readonly BaileysSidecar _sidecar;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<SessionSignal> _signals = Channel.CreateUnbounded<SessionSignal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<string> _sentOrder = new();
    private readonly ConcurrentDictionary<string, byte> _sent = new();
    private volatile string? _auth;
    private string? _lastQr;
    private string? _pairingCode;
    private volatile bool _closed;
    private long _credentialBytes;
    private long _credentialWrites;

    internal BaileysSession(BaileysSidecar sidecar, string instance, string instanceId, string? auth, TimeProvider time, ILogger logger)
    {
        _sidecar = sidecar;
        Instance = instance;
        InstanceId = instanceId;
        _auth = auth;
        _time = time;
        _logger = logger;
    }

    public string Instance { get; }

    public string InstanceId { get; }

    public ChannelReader<SessionSignal> Signals => _signals.Reader;

    /// <summary>Bytes of credentials handed to the connector so far (each one is sealed and written whole).</summary>
    public long CredentialBytes => Interlocked.Read(ref _credentialBytes);

    /// <summary>How many times the credentials changed.</summary>
    public long CredentialWrites => Interlocked.Read(ref _credentialWrites);

    internal async Task OpenAsync(CancellationToken ct)
    {
        if (!_sidecar.Register(Instance, this))
        {
            throw new InvalidOperationException($"a Baileys session for instance '{Instance}' is already open in this process.");
        }

        try
        {
            await _sidecar.RequestAsync("open", OpenArgs(), ct);
        }
        catch
        {
            _sidecar.Unregister(Instance, this);
            throw;
        }
    }

    async Task ISidecarClient.ResumeAsync(CancellationToken ct)
    {
        if (_closed)
        {
            return;
        }

        LogResuming(_logger, Instance);
        await _sidecar.RequestAsync("open", OpenArgs(), ct);
    }

    private JsonObject OpenArgs() => new() { ["session"] = Instance, ["auth"] = _auth };

    void ISidecarClient.OnSignal(string signal, JsonObject data)
    {
        if (_closed)
        {
            return;
        }

        switch (signal)
        {
            case "auth" when BaileysMessages.Text(data["auth"]) is { } auth:
                _auth = auth;
                var bytes = Encoding.UTF8.GetBytes(auth);
                Interlocked.Add(ref _credentialBytes, bytes.Length);
                Interlocked.Increment(ref _credentialWrites);
                _signals.Writer.TryWrite(new SessionSignal.CredentialsChanged(bytes));
                break;
            case "qr" when BaileysMessages.Text(data["qr"]) is { } qr:
                _lastQr = qr;
                EmitQr(qr, (uint)(BaileysMessages.Number(data["count"]) ?? 1));
                break;
            case "pairing-code" when BaileysMessages.Text(data["code"]) is { } code:
                _pairingCode = code;
                if (_lastQr is { } shown)
                {
                    EmitQr(shown, 0);
                }

                break;
            case "connection":
                EmitConnection(data);
                break;
            case "ended":
                _auth = null;
                _signals.Writer.TryWrite(new SessionSignal.Ended((int)(BaileysMessages.Number(data["statusReason"]) ?? 500), BaileysMessages.Text(data["reason"]) ?? "ended"));
                break;
            case "event":
                OnBaileysEvent(BaileysMessages.Text(data["name"]) ?? "", data["payload"]);
                break;
            default:
                break;
        }
    }

    private void EmitQr(string qr, uint count)
    {
        var code = new QrCode { Instance = Instance, Code = qr, Base64 = QrImage.DataUrl(qr) };
        if (count > 0)
        {
            code.Count = count;
        }

        if (_pairingCode is { } pairing)
        {
            code.PairingCode = pairing;
        }

        Emit("qrcode.updated", e => e.QrcodeUpdated = new QrCodeUpdated { Qrcode = code });
    }

    private void EmitConnection(JsonObject data)
    {
        var update = new ConnectionUpdate
        {
            Instance = Instance,
            State = BaileysMessages.Text(data["connection"]) ?? "close",
            StatusReason = (int)(BaileysMessages.Number(data["statusReason"]) ?? 200),
        };
        if (BaileysMessages.Text(data["me"]?["id"]) is { } me)
        {
            update.Wuid = BaileysMessages.UserJid(me);
        }

        if (BaileysMessages.Text(data["me"]?["name"]) is { } name)
        {
            update.ProfileName = name;
        }

        Emit("connection.update", e => e.ConnectionUpdate = update);
    }

    private void OnBaileysEvent(string name, JsonNode? payload)
    {
        switch (name)
        {
            case "messages.upsert":
                foreach (var message in (payload?["messages"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var record = BaileysMessages.Record(message, InstanceId);
                    // Our own sends come back as "append" upserts; the connector already wrote send.message for them.
                    if (record.Key.FromMe && _sent.ContainsKey(record.Key.Id))
                    {
                        continue;
                    }

                    Emit("messages.upsert", e => e.MessagesUpsert = record);
                }

                break;
            case "messages.update":
                foreach (var change in (payload as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (BaileysMessages.Status(change["update"]?["status"]) is { } status)
                    {
                        var receipt = EventData.Receipt(BaileysMessages.Key(change["key"]), status, InstanceId);
                        Emit("messages.update", e => e.MessagesUpdate = receipt);
                    }
                }

                break;
            default:
                LogUnmapped(_logger, Instance, name);
                break;
        }
    }

    private void Emit(string name, Action<EventEnvelope> data) =>
        _signals.Writer.TryWrite(new SessionSignal.Event(EventData.Envelope(name, Instance, "", _time.GetUtcNow(), data)));

    public async ValueTask<DriverResult> ConnectAsync(string? pairingNumber, CancellationToken ct)
    {
        var args = new JsonObject { ["session"] = Instance, ["timeoutMs"] = (long)_sidecar.Options.ConnectWait.TotalMilliseconds };
        if (!string.IsNullOrWhiteSpace(pairingNumber))
        {
            if (Jids.Number(pairingNumber) is not { } digits)
            {
                return new DriverResult.Failed($"number '{pairingNumber}' is not a phone number: expected 10 to 15 digits with the country code.", "number");
            }

            args["pairingNumber"] = digits;
        }

        try
        {
            var answer = await _sidecar.RequestAsync("connect", args, ct, _sidecar.Options.ConnectWait + TimeSpan.FromSeconds(10));
            var state = BaileysMessages.Text(answer["connection"]) ?? "connecting";
            if (BaileysMessages.Text(answer["qr"]) is { } qr && state != "open")
            {
                return new DriverResult.Done([], Detail: JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["pairingCode"] = BaileysMessages.Text(answer["pairingCode"]),
                    ["code"] = qr,
                    ["base64"] = QrImage.DataUrl(qr),
                    ["count"] = BaileysMessages.Number(answer["qrCount"]) ?? 1,
                }));
            }

            return new DriverResult.Done([], Detail: JsonSerializer.Serialize(new Dictionary<string, object?> { ["state"] = state == "closed" ? "close" : state }));
        }
        catch (SidecarException e)
        {
            return Refused(e);
        }
    }

    public async ValueTask<DriverResult> ExecuteAsync(DriverRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = request.Command;
        if (CommandScope.NotTheDrivers(command.CommandCase) is { } reason)
        {
            return new DriverResult.Unsupported(reason);
        }

        try
        {
            return command.CommandCase switch
            {
                Kind.SetPresence => await PresenceAsync(command.SetPresence.Presence, null, 0, ct),
                Kind.SendPresence => BaileysMessages.Recipient(command.SendPresence.Number) is { } jid
                    ? await PresenceAsync(command.SendPresence.Presence, jid, command.SendPresence.DelayMs, ct)
                    : NotARecipient(command.SendPresence.Number, "number"),
                Kind.MarkMessagesRead => await ReadAsync(command.MarkMessagesRead, ct),
                _ when BaileysContent.From(command) is { } content => await SendAsync(content, request.MessageId, ct),
                _ => new DriverResult.Unsupported($"the WHATSAPP-BAILEYS transport does not carry out {command.CommandCase} yet."),
            };
        }
        catch (SidecarException e)
        {
            return Refused(e);
        }
    }

    private async Task<DriverResult> SendAsync(BaileysContent content, string messageId, CancellationToken ct)
    {
        if (BaileysMessages.Recipient(content.To) is not { } jid)
        {
            return NotARecipient(content.To, content.ToField);
        }

        var options = content.Options;
        if (options is { LinkPreview: true })
        {
            return new DriverResult.Unsupported("options.linkPreview: the Baileys sidecar does not build link previews (link-preview-js is not installed).");
        }

        if (options is { MentionsEveryone: true })
        {
            return new DriverResult.Unsupported("options.mentionsEveryOne: the WHATSAPP-BAILEYS transport does not read group members to mention them yet.");
        }

        if (options is { Mentioned.Count: > 0 })
        {
            content.Content["mentions"] = new JsonArray([.. options.Mentioned.Select(n => (JsonNode)Jids.User(Jids.Number(n) ?? n))]);
        }

        if (options is { DelayMs: > 0 })
        {
            // Evolution's delay: "composing" for that long, then the message.
            await PresenceAsync("composing", jid, options.DelayMs, ct);
        }

        var args = new JsonObject { ["session"] = Instance, ["jid"] = jid, ["content"] = content.Content, ["messageId"] = messageId };
        if (BaileysContent.Quoted(options) is { } quoted)
        {
            args["quoted"] = quoted;
        }

        Remember(messageId);
        var answer = await _sidecar.RequestAsync("send", args, ct);
        var record = BaileysMessages.Record(answer["message"] as JsonObject ?? [], InstanceId);
        var sent = EventData.Envelope("send.message", Instance, "", _time.GetUtcNow(), e => e.SendMessage = record);
        return new DriverResult.Done([sent], record.Key.Id.Length > 0 ? record.Key.Id : messageId, jid);
    }

    private void Remember(string messageId)
    {
        if (_sent.TryAdd(messageId, 0))
        {
            _sentOrder.Enqueue(messageId);
            while (_sentOrder.Count > RememberedSends && _sentOrder.TryDequeue(out var old))
            {
                _sent.TryRemove(old, out _);
            }
        }
    }

    private async Task<DriverResult> PresenceAsync(string presence, string? jid, uint delayMs, CancellationToken ct)
    {
        var args = new JsonObject { ["session"] = Instance, ["presence"] = presence };
        if (jid is not null)
        {
            args["jid"] = jid;
        }

        await _sidecar.RequestAsync("presence", args, ct);
        if (delayMs > 0 && jid is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), _time, ct);
            await _sidecar.RequestAsync("presence", new JsonObject { ["session"] = Instance, ["presence"] = "paused", ["jid"] = jid }, ct);
        }

        return new DriverResult.Done([]);
    }

    private async Task<DriverResult> ReadAsync(MarkMessagesRead read, CancellationToken ct)
    {
        var keys = new JsonArray([.. read.ReadMessages.Select(k => (JsonNode)BaileysContent.Key(k))]);
        await _sidecar.RequestAsync("read", new JsonObject { ["session"] = Instance, ["keys"] = keys }, ct);
        return new DriverResult.Done([]);
    }

    private static DriverResult.Failed NotARecipient(string to, string field) =>
        new($"'{to}' is neither a phone number (10 to 15 digits with the country code) nor a WhatsApp JID.", field);

    private DriverResult.Failed Refused(SidecarException e) => e.Code switch
    {
        "not-connected" or "session-ended" => new DriverResult.Failed($"instance '{Instance}' is not connected to WhatsApp ({e.Message}); connect it first.", HttpStatus: 400),
        "unknown-session" => new DriverResult.Failed($"instance '{Instance}' has no session in the Baileys sidecar ({e.Message}).", HttpStatus: 409),
        "bad-request" => new DriverResult.Failed(e.Message, e.Field),
        "whatsapp" => new DriverResult.Failed($"WhatsApp refused: {e.Message}", HttpStatus: e.Status is >= 400 and < 600 ? e.Status.Value : 400),
        _ => throw e,
    };

    /// <summary>Baileys cannot say whether a message id went out; the connector reports command.outcome-unknown.</summary>
    public ValueTask<SendCheck> CheckSentAsync(string messageId, CancellationToken ct) => ValueTask.FromResult(SendCheck.Unknown);

    public async ValueTask LogoutAsync(CancellationToken ct)
    {
        _closed = true;
        _auth = null;
        try
        {
            await _sidecar.RequestAsync("logout", new JsonObject { ["session"] = Instance }, ct);
        }
        finally
        {
            _sidecar.Unregister(Instance, this);
        }
    }

    public async ValueTask StopAsync(CancellationToken ct)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            // The answer comes after the last auth state (PROTOCOL.md), which is still handed to the connector. Not
            // cancelled with the caller: a replica giving a partition up must not leave the connection open.
            await _sidecar.RequestAsync("close", new JsonObject { ["session"] = Instance }, CancellationToken.None, TimeSpan.FromSeconds(15));
        }
        catch (SidecarException e) when (e.Code == "unknown-session")
        {
            // Already gone from the sidecar (it was replaced and this session not yet resumed).
        }
        catch (SidecarGoneException)
        {
            // The sidecar died: its connections died with it.
        }
        finally
        {
            _closed = true;
            _sidecar.Unregister(Instance, this);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            try
            {
                await StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is SidecarGoneException or SidecarException or ObjectDisposedException)
            {
                LogStopFailed(_logger, Instance, e.Message);
            }
        }

        _signals.Writer.TryComplete();
    }

    [LoggerMessage(LogLevel.Information, "baileys: resuming {Instance} in a new sidecar")]
    private static partial void LogResuming(ILogger logger, string instance);

    [LoggerMessage(LogLevel.Debug, "baileys: {Instance}: event {Name} is not mapped to Evolution's events yet")]
    private static partial void LogUnmapped(ILogger logger, string instance, string name);

    [LoggerMessage(LogLevel.Warning, "baileys: {Instance}: closing the session failed: {Error}")]
    private static partial void LogStopFailed(ILogger logger, string instance, string error);
}
