using Evostream.CommandProcessor.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.CommandProcessor;

/// <summary>Runs the command processor's stage on the transactional loop for the life of the host.</summary>
internal sealed class CommandProcessorService(
    CommandProcessorSettings settings,
    KafkaClientConfigs configs,
    StageTopics topics,
    Func<CommandProcessorTask> newTask,
    ILogger<CommandProcessorService> logger) : BackgroundService
{
    public static string GroupId(StageTopics topics) => $"evostream.{topics.Prefix}.{CommandProcessorSettings.Role}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = new StreamOptions(CommandProcessorSettings.Role, GroupId(topics), [topics.Commands], settings.TransactionalId, topics.DeadLetter);
        using var task = newTask();
        await new TransactionalLoop(configs, options, task, logger).RunAsync(stoppingToken);
    }
}
