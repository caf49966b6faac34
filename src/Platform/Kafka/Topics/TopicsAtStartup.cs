using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Platform.Kafka.Topics;

/// <summary>
/// Makes sure, once Kafka answers, that the cluster topics exist: creates them with KAFKA_AUTO_CREATE_TOPICS=true,
/// and otherwise stops the service (exit code 2) with an error naming each missing one, rather than letting
/// producers fail later or brokers auto-create them with the wrong partitions and cleanup policy.
/// </summary>
public sealed partial class TopicsAtStartup(TopicProvisioner provisioner, IHostApplicationLifetime lifetime, ILogger<TopicsAtStartup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var report = await provisioner.EnsureClusterTopicsAsync(stoppingToken);
                foreach (var drift in report.Where(TopicAction.Drift))
                {
                    LogDrift(logger, drift.Topic, drift.Detail);
                }

                LogChecked(logger, report.Target, report.Summary);
                return;
            }
            catch (TopicBackendException e)
            {
                LogUnreachable(logger, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
            catch (ConfigurationException e)
            {
                LogUnusable(logger, e.Message);
                Environment.ExitCode = ServiceMain.ConfigurationExitCode;
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Topics on {Target}: {Summary}")]
    private static partial void LogChecked(ILogger logger, string target, string summary);

    [LoggerMessage(LogLevel.Warning, "Topic {Topic} differs from the catalog: {Detail}")]
    private static partial void LogDrift(ILogger logger, string topic, string detail);

    [LoggerMessage(LogLevel.Warning, "Cannot check topics yet ({Reason}); retrying in {Seconds} s")]
    private static partial void LogUnreachable(ILogger logger, string reason, double seconds);

    [LoggerMessage(LogLevel.Critical, "Stopping: {Message}")]
    private static partial void LogUnusable(ILogger logger, string message);
}
