using Evostream.Platform.Kafka.Topics;

namespace Evostream.Tests.Topics;

/// <summary>
/// A cluster with what the Admin API offers (configs, partition growth, replication checked against brokers),
/// held in memory: the provisioner's decisions for real clusters, without a real broker.
/// </summary>
internal sealed class FakeClusterBackend(int brokers) : ITopicBackend
{
    private static readonly Dictionary<string, string> s_brokerDefaults = new()
    {
        ["cleanup.policy"] = "delete", ["retention.ms"] = "604800000", ["min.insync.replicas"] = "2", ["segment.bytes"] = "1073741824",
    };

    public Dictionary<string, ObservedTopic> Topics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> FailCreating { get; } = new(StringComparer.Ordinal);

    public string Target => "fake cluster";

    public IReadOnlyList<string> Limitations => [];

    public bool CapsReplicationAtBrokerCount => false;

    public void Add(string name, int partitions, int replication, params (string Key, string Value)[] configs)
    {
        var all = new Dictionary<string, string>(s_brokerDefaults);
        foreach (var (key, value) in configs)
        {
            all[key] = value;
        }

        Topics[name] = new ObservedTopic(name, partitions, replication, all);
    }

    public Task<ClusterState> DescribeAsync(IReadOnlyCollection<string> topics, CancellationToken ct) =>
        Task.FromResult(new ClusterState(
            brokers,
            topics.Where(Topics.ContainsKey).ToDictionary(t => t, t => Topics[t]),
            new Dictionary<string, string>()));

    public Task<IReadOnlyDictionary<string, string>> CreateAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct)
    {
        foreach (var topic in topics.Where(t => !FailCreating.ContainsKey(t.Name)))
        {
            Add(topic.Name, topic.Partitions, topic.Replication, [.. topic.Configs().Select(kv => (kv.Key, kv.Value))]);
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(topics.Where(t => FailCreating.ContainsKey(t.Name)).ToDictionary(t => t.Name, t => FailCreating[t.Name]));
    }

    public Task<IReadOnlyDictionary<string, string>> GrowAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct)
    {
        foreach (var topic in topics)
        {
            Topics[topic.Name] = Topics[topic.Name] with { Partitions = topic.Partitions };
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
    }

    public void Dispose()
    {
    }
}
