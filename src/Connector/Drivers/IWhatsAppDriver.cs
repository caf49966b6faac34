namespace Evostream.Connector.Drivers;

/// <summary>
/// A WhatsApp transport: the simulator, Meta's Cloud API, and (built separately) a Baileys sidecar. The connector
/// knows nothing else about WhatsApp, so everything a transport differs in (how it links, what it can send, whether
/// it can answer "did this message go out?") is said through sessions, results and <see cref="Capabilities"/>.
/// </summary>
public interface IWhatsAppDriver
{
    /// <summary>The integration name Evolution uses for this transport: WHATSAPP-BAILEYS, WHATSAPP-BUSINESS...</summary>
    string Integration { get; }

    /// <summary>What carries the instance's traffic (<see cref="Transports"/>): shown beside the integration, never posing as another.</summary>
    string Transport { get; }

    DriverCapabilities Capabilities { get; }

    /// <summary>
    /// Opens a session for one instance: resumes a linked number from <see cref="SessionStart.Credentials"/>, or
    /// starts unlinked and waits for <see cref="IWhatsAppSession.ConnectAsync"/>. A driver refuses a second open
    /// session for the same instance in the same process.
    /// </summary>
    ValueTask<IWhatsAppSession> OpenAsync(SessionStart start, CancellationToken ct);
}
