using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.State;

namespace Evostream.CommandProcessor.Shaping;

/// <summary>When a shaped send may run, and why it waits.</summary>
internal readonly record struct ShapedSlot(DateTimeOffset At, string? Reason);

/// <summary>
/// Rate shaping of one instance's sends. Shaped sends keep their order: each runs no earlier than the one before
/// it, then no earlier than the drip interval after it, the recipient spacing after the last send to the same
/// recipient, and a day after the send that would otherwise make the rolling day hold more than the warm-up cap.
/// </summary>
internal static class RateShaper
{
    private static readonly TimeSpan s_day = TimeSpan.FromDays(1);

    public static ShapedSlot Plan(RateState state, RateLimits limits, string recipient, DateTimeOffset now)
    {
        var at = now;
        string? reason = null;
        void Raise(DateTimeOffset candidate, string why)
        {
            if (candidate > at)
            {
                (at, reason) = (candidate, why);
            }
        }

        if (state.LastRelease is { } last)
        {
            Raise(last, "rate");
            if (limits.PerMinute > 0)
            {
                Raise(last + limits.DripInterval, "drip");
            }
        }

        if (limits.RecipientSpacing > TimeSpan.Zero && recipient.Length > 0 && state.Recipients.TryGetValue(recipient, out var previous))
        {
            Raise(previous + limits.RecipientSpacing, "recipient-spacing");
        }

        if (limits.PerDay > 0)
        {
            while (true)
            {
                var windowStart = at - s_day;
                var inWindow = state.DayReleases.Count(r => r > windowStart);
                if (inWindow < limits.PerDay)
                {
                    break;
                }

                // The oldest release that must leave the window before one more fits.
                var blocking = state.DayReleases[state.DayReleases.Count - limits.PerDay];
                Raise(blocking + s_day, "warm-up");
            }
        }

        return new ShapedSlot(at, reason);
    }

    /// <summary>Reserves <paramref name="slot"/>, forgetting what can no longer hold a later send back.</summary>
    public static RateState Reserve(RateState state, RateLimits limits, string recipient, DateTimeOffset slot, DateTimeOffset now)
    {
        var day = limits.PerDay > 0 ? [.. state.DayReleases.Where(r => r > now - s_day), slot] : new List<DateTimeOffset>();
        var recipients = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (limits.RecipientSpacing > TimeSpan.Zero)
        {
            foreach (var (key, at) in state.Recipients)
            {
                if (at + limits.RecipientSpacing > now)
                {
                    recipients[key] = at;
                }
            }

            if (recipient.Length > 0)
            {
                recipients[recipient] = slot;
            }
        }

        return new RateState(slot, day, recipients);
    }
}
