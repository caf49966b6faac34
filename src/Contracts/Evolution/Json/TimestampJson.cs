using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Evolution.Json;

/// <summary>google.protobuf.Timestamp in JSON: written as JavaScript's Date writes it, read as proto3 JSON reads it.</summary>
public static partial class TimestampJson
{
    private const string JavaScriptFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const long MinSeconds = -62_135_596_800;  // 0001-01-01T00:00:00Z
    private const long MaxSeconds = 253_402_300_799;  // 9999-12-31T23:59:59Z

    private static readonly int[] s_fractionScale = [0, 100_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>The length of <see cref="WriteJavaScript"/>'s text.</summary>
    public const int JavaScriptLength = 24;

    /// <summary>
    /// JavaScript's <c>Date.toISOString()</c>, always UTC with milliseconds (<c>2024-03-04T10:29:58.000Z</c>), where
    /// proto3 JSON would leave a zero fraction out.
    /// </summary>
    public static int WriteJavaScript(Timestamp at, Span<byte> utf8)
    {
        at.ToDateTime().TryFormat(utf8, out var written, JavaScriptFormat, CultureInfo.InvariantCulture);
        return written;
    }

    public static string JavaScriptText(Timestamp at) => at.ToDateTime().ToString(JavaScriptFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// RFC 3339 as proto3 JSON takes it: 1 to 9 fraction digits, <c>Z</c> or an offset of at most 18 hours
    /// (never -00:00), within years 1 to 9999. False when <paramref name="text"/> is not such a time.
    /// </summary>
    public static bool TryParse(string text, out Timestamp timestamp)
    {
        timestamp = new Timestamp();
        var match = Rfc3339().Match(text);
        if (!match.Success
            || !DateTime.TryParseExact(match.Groups["datetime"].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var local))
        {
            return false;
        }

        var subseconds = match.Groups["subseconds"].Value;
        var nanos = subseconds.Length == 0 ? 0 : int.Parse(subseconds.AsSpan(1), CultureInfo.InvariantCulture) * s_fractionScale[subseconds.Length];
        var offset = match.Groups["offset"].Value;
        var seconds = Timestamp.FromDateTime(local).Seconds;
        if (offset != "Z")
        {
            var minutes = (int.Parse(offset.AsSpan(1, 2), CultureInfo.InvariantCulture) * 60) + int.Parse(offset.AsSpan(4, 2), CultureInfo.InvariantCulture);
            if (minutes > 18 * 60 || (minutes == 0 && offset[0] == '-'))
            {
                return false;
            }

            // Local time minus the offset is UTC.
            seconds += (offset[0] == '-' ? 1 : -1) * minutes * 60L;
            if (seconds is < MinSeconds or > MaxSeconds)
            {
                return false;
            }
        }

        timestamp = new Timestamp { Seconds = seconds, Nanos = nanos };
        return true;
    }

    // The pattern proto3 JSON parsers use; `$` also matches before one final newline, as theirs does.
    [GeneratedRegex(@"^(?<datetime>[0-9]{4}-[01][0-9]-[0-3][0-9]T[012][0-9]:[0-5][0-9]:[0-5][0-9])(?<subseconds>\.[0-9]{1,9})?(?<offset>(Z|[+-][0-1][0-9]:[0-5][0-9]))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
