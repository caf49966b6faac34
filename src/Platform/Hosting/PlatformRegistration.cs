using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Platform.Hosting;

public static class PlatformRegistration
{
    /// <summary>
    /// Registers validated settings and the Kafka client configs. Safe to call once per service when several
    /// services share one host (the dev launcher): the strictest requirements win.
    /// </summary>
    public static EvostreamSettings AddEvostreamPlatform(this IHostApplicationBuilder builder, Requirements requirements)
    {
        // Configuration includes the process environment, so Evolution's variable names work as they are.
        var settings = new SettingsReader(name => builder.Configuration[name]).Read(requirements);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.RemoveAll<EvostreamSettings>();
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(sp => new KafkaClientConfigs(sp.GetRequiredService<EvostreamSettings>().Kafka, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddEvostreamTopics();
        return settings;
    }
}
