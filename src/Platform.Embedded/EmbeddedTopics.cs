using Evostream.Platform.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evostream.Platform.Embedded;

/// <summary>Topic backends for hosts that run services on an embedded cluster of their own.</summary>
public static class EmbeddedTopics
{
    /// <summary>The mock API for clients of <paramref name="kafka"/>, the Admin API for any other cluster.</summary>
    public static TopicBackendFactory For(EmbeddedKafka kafka) =>
        configs => kafka.Serves(configs.Settings.Brokers) ? new EmbeddedTopicBackend(kafka, configs) : TopicBackends.Admin(configs);

    /// <summary>Makes the services registered in this host reach <paramref name="kafka"/>'s topics through its mock API; before or after them.</summary>
    public static IServiceCollection AddEmbeddedTopics(this IServiceCollection services, EmbeddedKafka kafka)
    {
        services.RemoveAll<TopicBackendFactory>();
        services.AddSingleton(For(kafka));
        return services;
    }
}
