using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Connector.Drivers.Simulator.Network;
using Evostream.Contracts.V1;
using Microsoft.Extensions.Time.Testing;

namespace Evostream.Tests.Simulator;

/// <summary>A network on a manual clock, with helpers to link instances and read what their sessions signal.</summary>
public sealed class SimulatorHarness : IDisposable
{
    public const string Owner = "5511999990001";
    public const string Maria = "5511988880002";

    public SimulatorHarness(SimulatorOptions? options = null, FakeTimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));
        Network = new SimulatorNetwork(options ?? new SimulatorOptions(Seed: 42, ReadDelay: TimeSpan.FromSeconds(5)), Clock);
        Driver = new SimulatorDriver(Network);
        Control = new SimulatorControl(Network);
    }

    public FakeTimeProvider Clock { get; }

    public SimulatorNetwork Network { get; }

    public SimulatorDriver Driver { get; }

    public SimulatorControl Control { get; }

    public async Task<IWhatsAppSession> OpenAsync(string instance, ReadOnlyMemory<byte>? credentials = null) =>
        await Driver.OpenAsync(new SessionStart(instance, $"id-{instance}", credentials), CancellationToken.None);

    /// <summary>Opens, connects and scans the first QR with <paramref name="number"/>; returns the session and its credentials.</summary>
    public async Task<(IWhatsAppSession Session, byte[] Credentials)> LinkAsync(string instance, string number)
    {
        var session = await OpenAsync(instance);
        var connected = await session.ConnectAsync(null, CancellationToken.None);
        var qr = Assert.IsType<DriverResult.Done>(connected).Events.Single(e => e.Event == "qrcode.updated").QrcodeUpdated.Qrcode.Code;
        var scan = Control.ScanQr(qr, number);
        Assert.True(scan.Ok, scan.Error);
        var credentials = Drain(session).OfType<SessionSignal.CredentialsChanged>().Single().Credentials.ToArray();
        return (session, credentials);
    }

    public static List<SessionSignal> Drain(IWhatsAppSession session)
    {
        var signals = new List<SessionSignal>();
        while (session.Signals.TryRead(out var signal))
        {
            signals.Add(signal);
        }

        return signals;
    }

    public static List<EventEnvelope> Events(IEnumerable<SessionSignal> signals) =>
        [.. signals.OfType<SessionSignal.Event>().Select(e => e.Envelope)];

    public static DriverRequest Text(string instance, string to, string text, string messageId) =>
        new(new CommandEnvelope { CommandId = "cmd-" + messageId, Instance = instance, SendText = new SendText { Number = to, Text = text } }, messageId);

    public void Dispose() => Network.Dispose();
}
