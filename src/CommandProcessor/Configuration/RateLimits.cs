namespace Evostream.CommandProcessor.Configuration;

/// <summary>How fast one instance may send. Zero switches a limit off.</summary>
/// <param name="PerMinute">Drip mode: sends are spaced 60 s / PerMinute apart.</param>
/// <param name="PerDay">Warm-up cap: at most this many sends in any rolling 24 hours.</param>
/// <param name="RecipientSpacing">At least this long between two sends to the same recipient.</param>
internal sealed record RateLimits(int PerMinute, int PerDay, TimeSpan RecipientSpacing)
{
    public static RateLimits None { get; } = new(0, 0, TimeSpan.Zero);

    public TimeSpan DripInterval => PerMinute > 0 ? TimeSpan.FromTicks(TimeSpan.TicksPerMinute / PerMinute) : TimeSpan.Zero;
}
