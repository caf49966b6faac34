using System.Text;
using Evostream.Connector.Drivers.Baileys.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Connector.Drivers.Baileys;

/// <summary>
/// WhatsApp Web through Baileys, in a Node.js sidecar the replica supervises. It cannot say whether a message id
/// went out (no <see cref="DriverCapabilities.SendLookup"/>), so an attempt a crash interrupted is reported as
/// command.outcome-unknown and never repeated.
/// </summary>
public sealed class BaileysDriver(BaileysSidecar sidecar, TimeProvider time, ILoggerFactory loggers) : IWhatsAppDriver
{
    public const string IntegrationName = Integrations.Baileys;

    public const DriverCapabilities Supported =
        DriverCapabilities.QrLinking | DriverCapabilities.PairingCode | DriverCapabilities.SendText | DriverCapabilities.SendMedia
        | DriverCapabilities.Reactions | DriverCapabilities.EditAndDelete | DriverCapabilities.Presence | DriverCapabilities.ReadReceipts;

    public string Integration => IntegrationName;

    public string Transport => Transports.Baileys;

    public DriverCapabilities Capabilities => Supported;

    public BaileysSidecar Sidecar => sidecar;

    public async ValueTask<IWhatsAppSession> OpenAsync(SessionStart start, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (string.IsNullOrWhiteSpace(start.Instance))
        {
            throw new ArgumentException("the instance name is empty.", nameof(start));
        }

        var auth = start.Credentials is { } blob ? Encoding.UTF8.GetString(blob.Span) : null;
        var session = new BaileysSession(sidecar, start.Instance, start.InstanceId, auth, time, loggers.CreateLogger<BaileysSession>());
        await session.OpenAsync(ct);
        return session;
    }
}
