namespace Evostream.Platform.Kafka.Topics;

/// <summary>Opens the topic backend for the cluster that <paramref name="configs"/> point at.</summary>
public delegate ITopicBackend TopicBackendFactory(KafkaClientConfigs configs);

public static class TopicBackends
{
    /// <summary>
    /// The Admin API, which every real cluster answers. A host that runs an embedded cluster (the dev stack, tests,
    /// the bench) registers a factory of its own in DI, since that cluster answers no admin request.
    /// </summary>
    public static readonly TopicBackendFactory Admin = configs => new AdminTopicBackend(configs);
}
