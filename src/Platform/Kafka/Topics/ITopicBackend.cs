namespace Evostream.Platform.Kafka.Topics;

/// <summary>
/// What the provisioner needs from a cluster. Real clusters answer through the Admin API; the embedded (mock)
/// cluster answers metadata only, so it has a backend of its own that uses the mock API.
/// </summary>
public interface ITopicBackend : IDisposable
{
    /// <summary>The cluster, as reports show it.</summary>
    string Target { get; }

    /// <summary>What this backend cannot set or check; every report repeats it so no one reads silence as a pass.</summary>
    IReadOnlyList<string> Limitations { get; }

    /// <summary>True where a topic with more replicas than brokers is created with one per broker instead of failing.</summary>
    bool CapsReplicationAtBrokerCount { get; }

    /// <exception cref="TopicBackendException">The cluster did not answer.</exception>
    Task<ClusterState> DescribeAsync(IReadOnlyCollection<string> topics, CancellationToken ct);

    /// <summary>Creates the topics; returns the error of each one that failed. One that already exists counts as created.</summary>
    Task<IReadOnlyDictionary<string, string>> CreateAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct);

    /// <summary>Raises partition counts; returns the error of each topic that failed.</summary>
    Task<IReadOnlyDictionary<string, string>> GrowAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct);
}

/// <summary>The requested topics that exist (<paramref name="Topics"/>) and those that could not be described (<paramref name="Problems"/>).</summary>
public sealed record ClusterState(int BrokerCount, IReadOnlyDictionary<string, ObservedTopic> Topics, IReadOnlyDictionary<string, string> Problems);

/// <summary>A topic as the cluster has it; <paramref name="Configs"/> is null where the backend cannot read configs.</summary>
public sealed record ObservedTopic(string Name, int Partitions, int Replication, IReadOnlyDictionary<string, string>? Configs);

/// <summary>The cluster could not be asked at all (unreachable, timed out, not authorised).</summary>
public sealed class TopicBackendException(string message, Exception? inner = null) : Exception(message, inner);
