using System.Globalization;

namespace Evostream.Platform.Configuration;

/// <summary>
/// The one way Evostream writes a duration, in variables (<c>EVOSTREAM_RECIPIENT_SPACING=20s</c>) and in the topic
/// catalog (<c>retention: 7d</c>): a whole number and a unit, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>;
/// a bare <c>0</c> is also zero. Callers decide what range they take.
/// </summary>
public static class Durations
{
    /// <summary>For error messages: what a duration looks like.</summary>
    public const string Examples = "500ms, 20s, 5m, 24h or 30d";

    private static readonly (string Unit, long Millis)[] s_units =
    [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ];

    /// <summary>
    /// The duration in milliseconds, or null when <paramref name="text"/> is not one: no digits, an unknown or missing
    /// unit, a sign, a fraction, or more milliseconds than a long holds (which TimeSpan could not hold either).
    /// </summary>
    public static long? ParseMillis(string text)
    {
        if (text == "0")
        {
            return 0;
        }

        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        var unit = s_units.FirstOrDefault(u => u.Unit == text[digits..]);
        return digits > 0 && unit.Unit is not null
            && long.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount <= long.MaxValue / unit.Millis
                ? amount * unit.Millis
                : null;
    }

    /// <summary>The same duration as <see cref="ParseMillis"/> gives it, as a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan? Parse(string text) =>
        ParseMillis(text) is { } millis && millis <= (long)TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.FromMilliseconds(millis) : null;

    /// <summary>Non-negative milliseconds in the largest unit that divides them: 604800000 is <c>7d</c>.</summary>
    public static string Format(long millis) =>
        millis == 0 ? "0" : s_units.Where(u => millis % u.Millis == 0).Select(u => $"{millis / u.Millis}{u.Unit}").First();
}
