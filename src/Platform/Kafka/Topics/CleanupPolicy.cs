namespace Evostream.Platform.Kafka.Topics;

public enum CleanupPolicy { Delete, Compact, CompactDelete }

public static class CleanupPolicies
{
    /// <summary>The topic config value, as brokers report it.</summary>
    public static string ToKafka(this CleanupPolicy policy) => policy switch
    {
        CleanupPolicy.Delete => "delete",
        CleanupPolicy.Compact => "compact",
        CleanupPolicy.CompactDelete => "compact,delete",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    /// <summary>Accepts Kafka's forms, in either order ("delete,compact" is "compact,delete").</summary>
    public static CleanupPolicy? Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return parts.SetEquals(["delete"]) ? CleanupPolicy.Delete
            : parts.SetEquals(["compact"]) ? CleanupPolicy.Compact
            : parts.SetEquals(["compact", "delete"]) ? CleanupPolicy.CompactDelete
            : null;
    }

    public static bool Compacts(this CleanupPolicy policy) => policy != CleanupPolicy.Delete;

    public static bool Deletes(this CleanupPolicy policy) => policy != CleanupPolicy.Compact;
}
