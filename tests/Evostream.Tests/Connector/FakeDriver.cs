using System.Collections.Concurrent;
using System.Threading.Channels;
using Evostream.Connector.Drivers;
using Evostream.Contracts.V1;

namespace Evostream.Tests.Execution;

/// <summary>
/// A transport that links at once and counts every effect by message id, so tests can see a second send. Its
/// "network" outlives sessions, like WhatsApp: <see cref="Sent"/> answers CheckSentAsync after a restart.
/// </summary>
internal sealed class FakeDriver(DriverCapabilities capabilities = DriverCapabilities.All) : IWhatsAppDriver
{
    public ConcurrentDictionary<string, int> Sent { get; } = new();

    /// <summary>Text of each send, per instance, in the order the transport saw them.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Texts { get; } = new();

    public ConcurrentDictionary<string, FakeSession> Open { get; } = new();

    // Stands in for the Baileys transport: instances created without an integration run on it.
    public string Integration => "WHATSAPP-BAILEYS";

    public string Transport => "fake";

    public DriverCapabilities Capabilities => capabilities;

    public ValueTask<IWhatsAppSession> OpenAsync(SessionStart start, CancellationToken ct)
    {
        var session = new FakeSession(this, start.Instance, start.Credentials is not null);
        if (!Open.TryAdd(start.Instance, session))
        {
            throw new InvalidOperationException($"{start.Instance} already has an open session");
        }

        return ValueTask.FromResult<IWhatsAppSession>(session);
    }
}

internal sealed class FakeSession : IWhatsAppSession
{
    private readonly FakeDriver _driver;
    private readonly Channel<SessionSignal> _signals = Channel.CreateUnbounded<SessionSignal>();

    public FakeSession(FakeDriver driver, string instance, bool resumed)
    {
        _driver = driver;
        Instance = instance;
        if (resumed)
        {
            Linked = true;
            _signals.Writer.TryWrite(new SessionSignal.Event(new EventEnvelope { ConnectionUpdate = new ConnectionUpdate { Instance = instance, State = "open", Wuid = Jid } }));
        }
    }

    public string Instance { get; }

    public bool Linked { get; private set; }

    public bool Stopped { get; private set; }

    private string Jid => $"{Math.Abs(Instance.GetHashCode(StringComparison.Ordinal)) % 1_000_000_000 + 5511_000_000_000L}@s.whatsapp.net";

    public ChannelReader<SessionSignal> Signals => _signals.Reader;

    public ValueTask<DriverResult> ConnectAsync(string? pairingNumber, CancellationToken ct)
    {
        // Links at once, as if the QR were scanned immediately: credentials, then the open connection.
        Linked = true;
        _signals.Writer.TryWrite(new SessionSignal.CredentialsChanged(System.Text.Encoding.UTF8.GetBytes("secret-creds-of-" + Instance)));
        _signals.Writer.TryWrite(new SessionSignal.Event(new EventEnvelope { ConnectionUpdate = new ConnectionUpdate { Instance = Instance, State = "open", Wuid = Jid } }));
        return ValueTask.FromResult<DriverResult>(new DriverResult.Done([], Detail: "{\"code\":\"2@fake\"}"));
    }

    public ValueTask<DriverResult> ExecuteAsync(DriverRequest request, CancellationToken ct)
    {
        if (!Linked || Stopped)
        {
            return ValueTask.FromResult<DriverResult>(new DriverResult.Failed("not connected", HttpStatus: 400));
        }

        if (request.Command.CommandCase != CommandEnvelope.CommandOneofCase.SendText)
        {
            return ValueTask.FromResult<DriverResult>(new DriverResult.Unsupported("the fake sends text only"));
        }

        // Like WhatsApp, a message id the network already has is described again, never sent again.
        if (!_driver.Sent.ContainsKey(request.MessageId))
        {
            _driver.Sent[request.MessageId] = 1;
            _driver.Texts.GetOrAdd(Instance, _ => new()).Enqueue(request.Command.SendText.Text);
        }

        var record = new MessageRecord { Key = new MessageKey { Id = request.MessageId, RemoteJid = request.Command.SendText.Number + "@s.whatsapp.net", FromMe = true }, Status = "PENDING", MessageType = "conversation" };
        return ValueTask.FromResult<DriverResult>(new DriverResult.Done([new EventEnvelope { SendMessage = record }], request.MessageId, record.Key.RemoteJid));
    }

    public ValueTask<SendCheck> CheckSentAsync(string messageId, CancellationToken ct) =>
        ValueTask.FromResult(_driver.Sent.ContainsKey(messageId) ? SendCheck.Sent : SendCheck.NotSent);

    public ValueTask LogoutAsync(CancellationToken ct)
    {
        Linked = false;
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken ct)
    {
        Stopped = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _driver.Open.TryRemove(Instance, out _);
        _signals.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
