using System.Threading.Channels;
using Evostream.Connector.Drivers.Simulator.Network;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator;

/// <summary>
/// One instance's connection to the simulated network. It holds only this instance's small state; the network
/// (under its one lock) does the work, so a session costs a few hundred bytes plus its signal channel.
/// </summary>
public sealed class SimulatorSession : IWhatsAppSession
{
    private readonly SimulatorNetwork _network;
    private readonly Channel<SessionSignal> _signals = Channel.CreateUnbounded<SessionSignal>(new UnboundedChannelOptions { SingleReader = true });

    internal SimulatorSession(SimulatorNetwork network, string instance, string instanceId)
    {
        _network = network;
        Instance = instance;
        InstanceId = instanceId;
    }

    public string Instance { get; }

    public string InstanceId { get; }

    public ChannelReader<SessionSignal> Signals => _signals.Reader;

    // Everything below is read and written under the network's lock only.
    internal SessionState State { get; set; } = SessionState.Close;

    /// <summary>The linked number, once linked or resumed.</summary>
    internal string? Number { get; set; }

    internal int Device { get; set; }

    /// <summary>Linking in progress: null otherwise, so a linked session carries no QR state.</summary>
    internal LinkingState? Linking { get; set; }

    /// <summary>Bumped whenever scheduled work for this session (QR refresh, reconnect) must be forgotten.</summary>
    internal int Generation { get; set; }

    internal bool Disposed { get; set; }

    internal string Sender => Number is null ? "" : Jids.User(Number);

    internal void Emit(EventEnvelope envelope) => _signals.Writer.TryWrite(new SessionSignal.Event(envelope));

    internal void Signal(SessionSignal signal) => _signals.Writer.TryWrite(signal);

    internal void Complete() => _signals.Writer.TryComplete();

    public ValueTask<DriverResult> ConnectAsync(string? pairingNumber, CancellationToken ct) =>
        ValueTask.FromResult(_network.Connect(this, pairingNumber));

    public ValueTask<DriverResult> ExecuteAsync(DriverRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(_network.Execute(this, request));
    }

    public ValueTask<SendCheck> CheckSentAsync(string messageId, CancellationToken ct) =>
        ValueTask.FromResult(_network.WasSent(messageId) ? SendCheck.Sent : SendCheck.NotSent);

    public ValueTask LogoutAsync(CancellationToken ct)
    {
        _network.Logout(this);
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken ct)
    {
        _network.Stop(this);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _network.Close(this);
        return ValueTask.CompletedTask;
    }
}

internal enum SessionState { Close, Connecting, Open }

/// <summary>The QR and pairing state of a session that is linking.</summary>
internal sealed class LinkingState
{
    public required string QrCode { get; set; }

    public required string QrBase64 { get; set; }

    public int Count { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? PairingNumber { get; init; }

    public string? PairingCode { get; init; }
}
