using Evostream.Platform.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Evostream.Platform.Kafka.Topics;

public static class TopicsRegistration
{
    /// <summary>
    /// The built-in catalog, a provisioner on the configured cluster, and the start-up topic check. The cluster is
    /// reached through the registered <see cref="TopicBackendFactory"/>: the Admin API unless the host registered another.
    /// </summary>
    public static IServiceCollection AddEvostreamTopics(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => TopicCatalog.BuiltIn);
        services.TryAddSingleton(TopicBackends.Admin);
        services.TryAddSingleton(sp => sp.GetRequiredService<TopicBackendFactory>()(sp.GetRequiredService<KafkaClientConfigs>()));
        services.TryAddSingleton(sp => new TopicProvisioner(
            sp.GetRequiredService<TopicCatalog>(), sp.GetRequiredService<ITopicBackend>(), sp.GetRequiredService<EvostreamSettings>().Kafka));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TopicsAtStartup>());
        return services;
    }
}
