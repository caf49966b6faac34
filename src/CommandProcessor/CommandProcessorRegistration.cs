using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Intake;
using Evostream.CommandProcessor.Output;
using Evostream.CommandProcessor.Repartition;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.CommandProcessor;

public static class CommandProcessorRegistration
{
    public static IHostApplicationBuilder AddCommandProcessor(this IHostApplicationBuilder builder)
    {
        var platform = builder.AddEvostreamPlatform(Requirements.None);
        builder.Services.AddHostedService<KafkaReadiness>();

        // Everything below is the processor's own (the dev stack hosts all services in one container): no shared
        // singleton is registered twice, and the task is built from a factory rather than resolved by type.
        var settings = new CommandProcessorSettingsReader(name => builder.Configuration[name], Environment.MachineName).Read();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(sp =>
        {
            var evostream = sp.GetRequiredService<EvostreamSettings>();
            var topics = new StageTopics(evostream.Kafka.TopicPrefix);
            var records = new StageRecords(evostream);
            var provisioner = sp.GetRequiredService<TopicProvisioner>();
            var clock = TimeProvider.System;
            var reader = records.CommandReader();
            return new Func<CommandProcessorTask>(() => new CommandProcessorTask(
                settings, topics, sp.GetRequiredService<KafkaClientConfigs>(), CommandProcessorService.GroupId(topics),
                new CommandRouter(topics, reader),
                new CommandIntake(reader),
                new ProcessorOutput(topics, records.Encoder, records.Publishing, clock),
                async (instance, ct) => await provisioner.ProvisionInstanceAsync(instance, ct),
                clock,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<CommandProcessorTask>()));
        });
        builder.Services.AddHostedService(sp => new CommandProcessorService(
            settings, sp.GetRequiredService<KafkaClientConfigs>(), new StageTopics(platform.Kafka.TopicPrefix),
            sp.GetRequiredService<Func<CommandProcessorTask>>(), sp.GetRequiredService<ILogger<CommandProcessorService>>()));
        return builder;
    }
}
