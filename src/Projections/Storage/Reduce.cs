namespace Evostream.Projections.Storage;

/// <summary>
/// One row per key before a batch upsert: PostgreSQL refuses to update the same row twice in one statement, and the
/// winner inside a batch must be the one the table's merge rule would pick anyway.
/// </summary>
internal static class Reduce
{
    public static List<T> Best<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, Func<T, T, bool> better) where TKey : notnull
    {
        var best = new Dictionary<TKey, T>();
        foreach (var row in rows)
        {
            var k = key(row);
            if (!best.TryGetValue(k, out var current) || better(row, current))
            {
                best[k] = row;
            }
        }

        return [.. best.Values];
    }

    /// <summary>The earliest and latest event time per key, so created_at/updated_at do not depend on which row won.</summary>
    public static Dictionary<TKey, (DateTime First, DateTime Last)> Span<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, Func<T, DateTime> at) where TKey : notnull
    {
        var spans = new Dictionary<TKey, (DateTime First, DateTime Last)>();
        foreach (var row in rows)
        {
            var k = key(row);
            var t = at(row);
            spans[k] = spans.TryGetValue(k, out var span) ? (t < span.First ? t : span.First, t > span.Last ? t : span.Last) : (t, t);
        }

        return spans;
    }

    public static bool Newer(string candidate, string current) => string.CompareOrdinal(candidate, current) > 0;
}
