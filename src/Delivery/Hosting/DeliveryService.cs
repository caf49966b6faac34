using Evostream.Platform.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Delivery.Hosting;

/// <summary>Runs the delivery stage's transactional loop, and the writer of delivery records, for the life of the host; a fatal loop error stops the host.</summary>
public sealed partial class DeliveryService(DeliveryDependencies deps, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<DeliveryService>();

    public static StreamOptions Options(DeliveryDependencies deps, string prefix) => new(
        Role: "delivery",
        GroupId: $"evostream-{prefix}-delivery",
        Topics: [deps.Topics.EventFeed],
        TransactionalId: $"evostream-{prefix}-delivery-{deps.Settings.ReplicaId}",
        DeadLetterTopic: deps.Topics.DeadLetter,
        MaxBatch: 500,
        MaxBatchTime: TimeSpan.FromMilliseconds(50));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The Api lists delivery records from the first request on: the table exists before the host reports started.
        await deps.Log.MigrateAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var options = Options(deps, deps.Configs.Settings.TopicPrefix);
        LogStarting(_logger, options.Topics[0], deps.Settings.ReplicaId, deps.Settings.ToString());
        using var task = new DeliveryTask(deps, loggers.CreateLogger<DeliveryTask>());
        var log = deps.Log.RunAsync(stoppingToken);
        try
        {
            await new TransactionalLoop(deps.Configs, options, task, loggers.CreateLogger<TransactionalLoop>()).RunAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFatal(_logger, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }

        try
        {
            await log;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "delivery: delivering {Topic} as replica {Replica}: {Settings}")]
    private static partial void LogStarting(ILogger logger, string topic, string replica, string settings);

    [LoggerMessage(LogLevel.Critical, "delivery: the loop stopped: {Error}")]
    private static partial void LogFatal(ILogger logger, string error);
}
