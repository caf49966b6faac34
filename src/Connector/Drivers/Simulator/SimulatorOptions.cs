namespace Evostream.Connector.Drivers.Simulator;

/// <summary>How the fake WhatsApp network behaves. Defaults follow what real WhatsApp and Baileys do.</summary>
/// <param name="Seed">Everything random (QR refs, pairing codes, device ids, inbound message ids) derives from it.</param>
/// <param name="QrCodeLimit">QR codes shown before linking gives up with <c>refused</c> (Evolution's QRCODE_LIMIT).</param>
/// <param name="FirstQrValidity">Baileys' first QR ref lives 60 s.</param>
/// <param name="NextQrValidity">Every later ref lives 20 s.</param>
/// <param name="DeliveryDelay">From server ack to DELIVERY_ACK.</param>
/// <param name="ReadDelay">From delivery to READ (PLAYED for voice notes) by a contact that is not a linked instance; null: only when told.</param>
/// <param name="ReconnectDelay">After a 408 or 515 close, the session reconnects this much later, as Baileys clients do.</param>
/// <param name="WarmUpPeriod">How long a newly linked number counts as new.</param>
/// <param name="WarmUpDailyLimit">Sends per UTC day a new number may make before WhatsApp starts refusing them.</param>
/// <param name="RecipientBurst">Sends to one recipient that may go out back to back (WhatsApp's pair rate limit).</param>
/// <param name="RecipientInterval">After a burst, one more send to the same recipient per this interval.</param>
/// <param name="StrikesBeforeBan">Refused sends (rate limits) after which the number is banned.</param>
/// <param name="JournalDirectory">When set, accepted sends and links are journaled there and survive a kill -9.</param>
public sealed record SimulatorOptions(
    long Seed = 1,
    int QrCodeLimit = 30,
    TimeSpan? FirstQrValidity = null,
    TimeSpan? NextQrValidity = null,
    TimeSpan? DeliveryDelay = null,
    TimeSpan? ReadDelay = null,
    TimeSpan? ReconnectDelay = null,
    TimeSpan? WarmUpPeriod = null,
    int WarmUpDailyLimit = 250,
    int RecipientBurst = 45,
    TimeSpan? RecipientInterval = null,
    int StrikesBeforeBan = 5,
    string? JournalDirectory = null)
{
    public TimeSpan FirstQr => FirstQrValidity ?? TimeSpan.FromSeconds(60);
    public TimeSpan NextQr => NextQrValidity ?? TimeSpan.FromSeconds(20);
    public TimeSpan Delivery => DeliveryDelay ?? TimeSpan.FromSeconds(1);
    public TimeSpan Reconnect => ReconnectDelay ?? TimeSpan.FromSeconds(2);
    public TimeSpan WarmUp => WarmUpPeriod ?? TimeSpan.FromDays(7);
    public TimeSpan RecipientSpacing => RecipientInterval ?? TimeSpan.FromSeconds(6);
}
