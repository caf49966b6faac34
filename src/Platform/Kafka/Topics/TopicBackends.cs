using Evostream.Platform.Embedded;

namespace Evostream.Platform.Kafka.Topics;

public static class TopicBackends
{
    /// <summary>
    /// The backend for the configured brokers: the mock API when they belong to an embedded cluster in this process
    /// (the dev stack, tests), since that cluster answers no admin request; the Admin API otherwise.
    /// </summary>
    public static ITopicBackend Open(KafkaClientConfigs configs) =>
        EmbeddedKafka.Serving(configs.Settings.Brokers) is { } embedded
            ? new EmbeddedTopicBackend(embedded, configs)
            : new AdminTopicBackend(configs);
}
