using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers;

/// <summary>Something a session reports on its own.</summary>
public abstract record SessionSignal
{
    private SessionSignal() { }

    /// <summary>An Evolution event with its data set (messages.upsert, messages.update, connection.update, qrcode.updated...).</summary>
    public sealed record Event(EventEnvelope Envelope) : SessionSignal;

    /// <summary>The transport's session blob changed; the connector encrypts it into the sessions topic.</summary>
    public sealed record CredentialsChanged(ReadOnlyMemory<byte> Credentials) : SessionSignal;

    /// <summary>WhatsApp ended the session for good (logged out, banned, replaced): the credentials must be dropped.</summary>
    public sealed record Ended(int StatusReason, string Reason) : SessionSignal;
}
