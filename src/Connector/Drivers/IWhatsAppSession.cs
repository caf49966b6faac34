using System.Threading.Channels;

namespace Evostream.Connector.Drivers;

/// <summary>
/// One instance's connection to WhatsApp. Every method is called from one thread at a time, in command order;
/// <see cref="Signals"/> is read concurrently by the connector, which writes each signal transactionally.
/// </summary>
public interface IWhatsAppSession : IAsyncDisposable
{
    string Instance { get; }

    /// <summary>
    /// What WhatsApp says without being asked: QR codes and their refresh, pairing codes, connection changes,
    /// inbound messages, receipts, presence, group changes, calls, and new credentials to store.
    /// </summary>
    ChannelReader<SessionSignal> Signals { get; }

    /// <summary>
    /// Starts linking (QR codes, or a pairing code when <paramref name="pairingNumber"/> is given) or reconnects a
    /// linked session. QR codes and connection changes arrive as <see cref="Signals"/>; the result carries the first QR.
    /// </summary>
    ValueTask<DriverResult> ConnectAsync(string? pairingNumber, CancellationToken ct);

    /// <summary>
    /// Carries out one command of the contracts. <paramref name="request"/> holds the WhatsApp message id to use,
    /// derived from the command id, so a retried send is recognisable as the same message: a transport with
    /// <see cref="DriverCapabilities.SendLookup"/> never sends an id that already went out again, and answers such a
    /// repeat with Done and the message's events (send.message...), which the connector uses after a crash.
    /// </summary>
    ValueTask<DriverResult> ExecuteAsync(DriverRequest request, CancellationToken ct);

    /// <summary>After a crash between an attempt and its record: did the message with this id go out?</summary>
    ValueTask<SendCheck> CheckSentAsync(string messageId, CancellationToken ct);

    /// <summary>Unlinks the number (WhatsApp forgets the device); the credentials become worthless.</summary>
    ValueTask LogoutAsync(CancellationToken ct);

    /// <summary>
    /// Closes the connection but keeps the link, so another replica can resume from the stored credentials.
    /// Returns once the connection is really closed: the new owner must never overlap it.
    /// </summary>
    ValueTask StopAsync(CancellationToken ct);
}
