namespace Evostream.Platform.Kafka.Topics;

/// <summary>One validated catalog entry. <paramref name="RetentionMs"/> is null for compact-only topics.</summary>
public sealed record TopicEntry(
    string Name,
    TopicKind Kind,
    int Partitions,
    short Replication,
    CleanupPolicy CleanupPolicy,
    long? RetentionMs,
    string Description);
