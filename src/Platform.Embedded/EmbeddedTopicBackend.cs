using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Platform.Embedded;

/// <summary>
/// The embedded cluster (librdkafka's mock), which answers metadata but no admin request: topics are created with
/// the mock API and compared by partition count and replication from metadata. It cannot read or set topic
/// configs, nor add partitions.
/// </summary>
public sealed class EmbeddedTopicBackend(EmbeddedKafka kafka, KafkaClientConfigs configs) : ITopicBackend
{
    private readonly IAdminClient _admin = configs.AdminBuilder(configs.Admin("topics")).Build();

    public string Target => $"embedded Kafka at {kafka.BootstrapServers} ({kafka.BrokerCount} brokers)";

    public IReadOnlyList<string> Limitations =>
    [
        "the embedded cluster implements no DescribeConfigs and keeps no topic configs: cleanup.policy and retention were"
        + " neither set nor compared (it holds every record in memory, never compacting or expiring); drift is checked by"
        + " partition count and replication only, and it cannot add partitions",
    ];

    public bool CapsReplicationAtBrokerCount => true;

    public async Task<ClusterState> DescribeAsync(IReadOnlyCollection<string> topics, CancellationToken ct)
    {
        // All topics at once: asking for a topic by name would make the mock create it.
        Metadata metadata;
        try
        {
            metadata = await Task.Run(() => _admin.GetMetadata(configs.Settings.RequestTimeout), ct);
        }
        catch (KafkaException e)
        {
            throw new TopicBackendException($"{Target}: metadata request failed: {e.Error.Reason}.", e);
        }

        var wanted = topics.ToHashSet(StringComparer.Ordinal);
        var observed = metadata.Topics
            .Where(t => wanted.Contains(t.Topic) && t.Partitions.Count > 0)
            .ToDictionary(t => t.Topic, t => new ObservedTopic(t.Topic, t.Partitions.Count, t.Partitions.Max(p => p.Replicas.Length), null), StringComparer.Ordinal);
        return new ClusterState(kafka.BrokerCount, observed, new Dictionary<string, string>());
    }

    public Task<IReadOnlyDictionary<string, string>> CreateAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                kafka.CreateTopic(topic.Name, topic.Partitions, topic.Replication);
            }
            catch (InvalidOperationException e)
            {
                failures[topic.Name] = e.Message;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(failures);
    }

    public Task<IReadOnlyDictionary<string, string>> GrowAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(topics.ToDictionary(
            t => t.Name,
            _ => "the embedded cluster cannot add partitions (librdkafka's mock cluster implements no CreatePartitions); its topics"
                 + " live in memory, so restarting ./evostream dev recreates them from the catalog",
            StringComparer.Ordinal));

    public void Dispose() => _admin.Dispose();
}
