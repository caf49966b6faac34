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

    public static bool Newer(string candidate, string current) => string.CompareOrdinal(candidate, current) > 0;
}
