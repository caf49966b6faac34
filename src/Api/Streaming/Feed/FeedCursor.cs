using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Evostream.Api.Streaming.Feed;

/// <summary>
/// A position in the event feed: for each partition a stream covers, the offset of the next record it has not yet
/// delivered. Clients treat it as opaque text (base64url of <c>partition:offset,...</c>) and hand it back as
/// <c>since</c> or <c>Last-Event-ID</c>.
/// </summary>
public sealed record FeedCursor(IReadOnlyDictionary<int, long> Next)
{
    private const int MaxPartitions = 10_000;

    public string Encode()
    {
        var text = string.Join(',', Next.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}:{p.Value}")));
        return WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Null, with <paramref name="error"/> saying why, for text this class did not write.</summary>
    public static FeedCursor? TryDecode(string text, out string? error)
    {
        error = null;
        string plain;
        try
        {
            plain = Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(text));
        }
        catch (FormatException)
        {
            error = "is not a cursor this server gave out (not base64url)";
            return null;
        }

        var next = new Dictionary<int, long>();
        foreach (var part in plain.Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0
                || !int.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || partition >= MaxPartitions || !next.TryAdd(partition, offset))
            {
                error = "is not a cursor this server gave out";
                return null;
            }
        }

        return new FeedCursor(next);
    }
}
