using Evostream.Contracts.V1;

namespace Evostream.Connector.Ledger;

/// <summary>When a ledger entry was written, as whole minutes since the Unix epoch: 4 bytes, good for 8,000 years.</summary>
internal static class LedgerMinute
{
    public static uint Of(DateTimeOffset time) => (uint)Math.Max(0, time.ToUnixTimeMilliseconds() / 60_000);

    /// <summary>An entry without a time is dated <paramref name="now"/>: kept a whole retention rather than forgotten too early.</summary>
    public static uint Of(LedgerEntry entry, DateTimeOffset now) => Of(entry.UpdatedAt?.ToDateTimeOffset() ?? now);
}
