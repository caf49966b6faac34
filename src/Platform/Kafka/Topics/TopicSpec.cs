namespace Evostream.Platform.Kafka.Topics;

/// <summary>One concrete topic, expanded from a catalog entry for a prefix, an event and perhaps an instance.</summary>
public sealed record TopicSpec(string Name, TopicKind Kind, int Partitions, short Replication, CleanupPolicy CleanupPolicy, long? RetentionMs)
{
    public const string CleanupPolicyConfig = "cleanup.policy";
    public const string RetentionConfig = "retention.ms";

    /// <summary>The topic configs Evostream sets and checks; anything else is left to the broker's defaults.</summary>
    public Dictionary<string, string> Configs()
    {
        var configs = new Dictionary<string, string>(StringComparer.Ordinal) { [CleanupPolicyConfig] = CleanupPolicy.ToKafka() };
        if (RetentionMs is { } retention)
        {
            configs[RetentionConfig] = retention.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return configs;
    }

    /// <summary>How long records are kept at least; null when no age deletes them (compacted, or "forever").</summary>
    public TimeSpan? Retention => RetentionMs is { } ms && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;

    public string Summary =>
        $"{Partitions} partition{(Partitions == 1 ? "" : "s")}, replication {Replication}, {CleanupPolicy.ToKafka()}"
        + (RetentionMs is { } ms ? $", retention {TopicRetention.Format(ms)}" : "");
}
