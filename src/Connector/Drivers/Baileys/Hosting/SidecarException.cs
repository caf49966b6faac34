namespace Evostream.Connector.Drivers.Baileys.Hosting;

/// <summary>The sidecar answered a request with an error (PROTOCOL.md lists the codes).</summary>
public sealed class SidecarException(string code, string message, string? field, int? status) : Exception(message)
{
    public string Code { get; } = code;

    public string? Field { get; } = field;

    /// <summary>Baileys' or WhatsApp's status code, when the error came from there.</summary>
    public int? Status { get; } = status;
}

/// <summary>
/// The sidecar exited (or stopped answering) before answering: whatever the request asked may or may not have
/// happened. The connector reports such an attempt as command.outcome-unknown.
/// </summary>
public sealed class SidecarGoneException(string message) : Exception(message);
