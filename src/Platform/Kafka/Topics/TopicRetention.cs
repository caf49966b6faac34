using System.Globalization;

namespace Evostream.Platform.Kafka.Topics;

/// <summary>Catalog retention ("7d", "12h", "forever") to and from Kafka's <c>retention.ms</c>.</summary>
public static class TopicRetention
{
    public const long Forever = -1;

    private static readonly (string Unit, long Millis)[] s_units =
    [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ];

    public static long? ParseMillis(string text)
    {
        if (text == "forever")
        {
            return Forever;
        }

        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        var unit = s_units.FirstOrDefault(u => u.Unit == text[digits..]);
        return digits > 0 && unit.Unit is not null
            && long.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount > 0 && amount <= long.MaxValue / unit.Millis
                ? amount * unit.Millis
                : null;
    }

    public static string Format(long millis) =>
        millis < 0 ? "forever" : s_units.Where(u => millis % u.Millis == 0).Select(u => $"{millis / u.Millis}{u.Unit}").First();
}
