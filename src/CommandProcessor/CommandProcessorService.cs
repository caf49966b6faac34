using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Repartition;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.CommandProcessor;

/// <summary>Runs the command processor's stage on the transactional loop for the life of the host.</summary>
internal sealed partial class CommandProcessorService(
    CommandProcessorSettings settings,
    KafkaClientConfigs configs,
    StageTopics topics,
    Func<CommandProcessorTask> newTask,
    ILogger<CommandProcessorService> logger) : BackgroundService
{
    public static string GroupId(StageTopics topics) => $"evostream.{topics.Prefix}.{CommandProcessorSettings.Role}";

    /// <summary>
    /// The commands topic and the repartition topic, read co-partitioned: partition p of both is one stream of the
    /// instances whose home is p (see <see cref="CommandRouter"/>).
    /// </summary>
    public static StreamOptions Options(StageTopics topics, CommandProcessorSettings settings, int maxBatch = 500, TimeSpan? batchTime = null) =>
        new(CommandProcessorSettings.Role, GroupId(topics), [topics.Commands, topics.RepartitionedCommands], settings.TransactionalId, topics.DeadLetter,
            maxBatch, batchTime, CoPartitioned: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up thread: the wait below asks Kafka for metadata.
        await Task.Yield();
        var options = Options(topics, settings);
        await new CoPartitioning(topics, configs, CommandProcessorSettings.Role).WaitUntilReadyAsync(reason => LogWaiting(logger, reason), stoppingToken);
        using var task = newTask();
        await new TransactionalLoop(configs, options, task, logger).RunAsync(stoppingToken);
    }

    [LoggerMessage(LogLevel.Warning, "command-processor: waiting for its input topics: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
