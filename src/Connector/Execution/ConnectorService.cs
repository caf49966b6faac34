using Evostream.Connector.Configuration;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Connector.Execution;

/// <summary>Runs the connector's transactional loop for the life of the host; a fatal loop error stops the host.</summary>
public sealed partial class ConnectorService(
    ConnectorDependencies deps,
    KafkaClientConfigs configs,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ConnectorService>();

    public ConnectorTask? Task { get; private set; }

    public static StreamOptions Options(StageTopics topics, ConnectorSettings settings, string prefix) => new(
        Role: "connector",
        GroupId: $"evostream-{prefix}-connector",
        Topics: [topics.AcceptedCommands],
        TransactionalId: $"evostream-{prefix}-connector-{settings.ReplicaId}",
        DeadLetterTopic: topics.DeadLetter,
        MaxBatch: settings.MaxBatch);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await System.Threading.Tasks.Task.Yield();
        var options = Options(deps.Topics, deps.Settings, configs.Settings.TopicPrefix);
        Task = new ConnectorTask(deps, options.Topics[0], loggers.CreateLogger<ConnectorTask>());
        LogStarting(_logger, options.Topics[0], deps.Settings.ReplicaId, string.Join(", ", deps.Drivers.All.Select(d => $"{d.Integration}={d.Transport}")), deps.Cipher.ActiveKeyId);
        try
        {
            await new TransactionalLoop(configs, options, Task, loggers.CreateLogger<TransactionalLoop>()).RunAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFatal(_logger, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(LogLevel.Information, "connector: executing {Topic} as replica {Replica} with transports {Transports}; credentials key {KeyId}")]
    private static partial void LogStarting(ILogger logger, string topic, string replica, string transports, string keyId);

    [LoggerMessage(LogLevel.Critical, "connector: the loop stopped: {Error}")]
    private static partial void LogFatal(ILogger logger, string error);
}
