using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Evostream.Platform.Kafka.Topics;

/// <summary>A real cluster, through the Admin API: DescribeCluster, DescribeTopics, DescribeConfigs, CreateTopics, CreatePartitions.</summary>
public sealed class AdminTopicBackend(KafkaClientConfigs configs) : ITopicBackend
{
    // Keeps each request well under brokers' default maximum request size, whatever the number of instances.
    private const int BatchSize = 500;

    private readonly IAdminClient _admin = configs.AdminBuilder(configs.Admin("topics")).Build();

    public string Target => $"Kafka at {configs.Settings.Brokers}";

    public IReadOnlyList<string> Limitations => [];

    public bool CapsReplicationAtBrokerCount => false;

    private TimeSpan Timeout => configs.Settings.RequestTimeout;

    public async Task<ClusterState> DescribeAsync(IReadOnlyCollection<string> topics, CancellationToken ct)
    {
        var cluster = await Ask("DescribeCluster", () => _admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = Timeout }));
        var observed = new Dictionary<string, ObservedTopic>(StringComparer.Ordinal);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in topics.Chunk(BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            foreach (var topic in await DescribeTopicsAsync(batch))
            {
                if (!topic.Error.IsError)
                {
                    observed[topic.Name] = new ObservedTopic(topic.Name, topic.Partitions.Count, topic.Partitions.Select(p => p.Replicas.Count).DefaultIfEmpty(0).Max(), null);
                }
                else if (topic.Error.Code != ErrorCode.UnknownTopicOrPart)
                {
                    problems[topic.Name] = $"cannot describe it: {topic.Error.Reason}";
                }
            }
        }

        foreach (var batch in observed.Keys.Chunk(BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            foreach (var (topic, configs, error) in await DescribeConfigsAsync(batch))
            {
                if (error is not null)
                {
                    observed.Remove(topic);
                    problems[topic] = $"cannot read its configs: {error}";
                }
                else
                {
                    observed[topic] = observed[topic] with { Configs = configs };
                }
            }
        }

        return new ClusterState(cluster.Nodes.Count, observed, problems);
    }

    public async Task<IReadOnlyDictionary<string, string>> CreateAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new CreateTopicsOptions { RequestTimeout = Timeout, OperationTimeout = Timeout };
        foreach (var batch in topics.Chunk(BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            var specifications = batch.Select(t => new TopicSpecification
            {
                Name = t.Name,
                NumPartitions = t.Partitions,
                ReplicationFactor = t.Replication,
                Configs = t.Configs(),
            });
            try
            {
                await Send("CreateTopics", () => _admin.CreateTopicsAsync(specifications, options));
            }
            catch (CreateTopicsException e)
            {
                // Another apply (or a service starting) may have created it meanwhile: the topic exists, as wanted.
                foreach (var report in e.Results.Where(r => r.Error.IsError && r.Error.Code != ErrorCode.TopicAlreadyExists))
                {
                    failures[report.Topic] = report.Error.Reason;
                }
            }
        }

        return failures;
    }

    public async Task<IReadOnlyDictionary<string, string>> GrowAsync(IReadOnlyList<TopicSpec> topics, CancellationToken ct)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new CreatePartitionsOptions { RequestTimeout = Timeout, OperationTimeout = Timeout };
        foreach (var batch in topics.Chunk(BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await Send("CreatePartitions", () => _admin.CreatePartitionsAsync(
                    batch.Select(t => new PartitionsSpecification { Topic = t.Name, IncreaseTo = t.Partitions }), options));
            }
            catch (CreatePartitionsException e)
            {
                foreach (var report in e.Results.Where(r => r.Error.IsError))
                {
                    failures[report.Topic] = report.Error.Reason;
                }
            }
        }

        return failures;
    }

    public void Dispose() => _admin.Dispose();

    private async Task<List<TopicDescription>> DescribeTopicsAsync(string[] names)
    {
        try
        {
            var result = await Ask("DescribeTopics", () => _admin.DescribeTopicsAsync(
                TopicCollection.OfTopicNames(names), new DescribeTopicsOptions { RequestTimeout = Timeout }));
            return result.TopicDescriptions;
        }
        catch (DescribeTopicsException e)
        {
            // Thrown when any topic has an error, missing ones included; the report still describes every topic.
            return e.Results.TopicDescriptions;
        }
    }

    private async Task<List<(string Topic, Dictionary<string, string>? Configs, string? Error)>> DescribeConfigsAsync(string[] names)
    {
        var resources = names.Select(n => new ConfigResource { Type = ResourceType.Topic, Name = n });
        try
        {
            var results = await Ask("DescribeConfigs", () => _admin.DescribeConfigsAsync(resources, new DescribeConfigsOptions { RequestTimeout = Timeout }));
            return [.. results.Select(r => (r.ConfigResource.Name, (Dictionary<string, string>?)Values(r.Entries), (string?)null))];
        }
        catch (DescribeConfigsException e)
        {
            return [.. e.Results.Select(r => (r.ConfigResource.Name, r.Error.IsError ? null : (Dictionary<string, string>?)Values(r.Entries), r.Error.IsError ? r.Error.Reason : null))];
        }
    }

    private static Dictionary<string, string> Values(Dictionary<string, ConfigEntryResult> entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal);

    /// <summary>Turns "the cluster did not answer" into one clear error; per-topic errors pass through to the caller.</summary>
    private async Task Send(string request, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (KafkaException e) when (e is not (CreateTopicsException or CreatePartitionsException or DescribeTopicsException or DescribeConfigsException))
        {
            var brokers = configs.Settings.Brokers;
            var message = e.Error.Code != ErrorCode.Local_TimedOut
                ? $"Kafka at {brokers}: {request} failed: {e.Error.Reason}."
                : AnswersMetadata()
                    ? $"Kafka at {brokers} answers metadata but not {request} (no answer within {Timeout.TotalSeconds:0.#} s), as a cluster"
                      + " without a controller does. librdkafka's mock cluster, the embedded Kafka of ./evostream dev, is one: topics"
                      + " apply reaches that through the dev stack (see its --help)."
                    : $"Kafka at {brokers} did not answer {request} within {Timeout.TotalSeconds:0.#} s ({e.Error.Reason}); check"
                      + " KAFKA_BROKERS, the network, and KAFKA_SASL_* / KAFKA_SSL_* if the cluster requires them.";
            throw new TopicBackendException(message, e);
        }
    }

    private bool AnswersMetadata()
    {
        try
        {
            return _admin.GetMetadata(TimeSpan.FromSeconds(2)).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    private async Task<T> Ask<T>(string request, Func<Task<T>> call)
    {
        T result = default!;
        await Send(request, async () => result = await call());
        return result;
    }
}
