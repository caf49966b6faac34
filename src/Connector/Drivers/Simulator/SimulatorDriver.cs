using Evostream.Connector.Drivers.Simulator.Network;

namespace Evostream.Connector.Drivers.Simulator;

/// <summary>The simulated WhatsApp network as a transport: Baileys-like, able to say whether a message id went out.</summary>
public sealed class SimulatorDriver(SimulatorNetwork network) : IWhatsAppDriver
{
    public const string IntegrationName = "WHATSAPP-BAILEYS";

    public string Integration => IntegrationName;

    public string Transport => Transports.Simulator;

    // Templates are Meta's: a WhatsApp Web session has none, so they are refused naming this transport.
    public DriverCapabilities Capabilities => DriverCapabilities.All & ~DriverCapabilities.Templates;

    public ValueTask<IWhatsAppSession> OpenAsync(SessionStart start, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (string.IsNullOrWhiteSpace(start.Instance))
        {
            throw new ArgumentException("the instance name is empty.", nameof(start));
        }

        return ValueTask.FromResult<IWhatsAppSession>(network.Open(start.Instance, start.InstanceId, start.Credentials));
    }
}
