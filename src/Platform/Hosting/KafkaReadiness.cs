using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Platform.Hosting;

/// <summary>Logs, at start-up, whether the configured cluster answers, and how many brokers it has.</summary>
public sealed partial class KafkaReadiness(KafkaClientConfigs configs, ILogger<KafkaReadiness> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var admin = configs.AdminBuilder(configs.Admin("readiness")).Build();
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var metadata = admin.GetMetadata(TimeSpan.FromSeconds(5));
                LogReady(logger, configs.Settings.Brokers, metadata.Brokers.Count);
                return;
            }
            catch (KafkaException e)
            {
                LogUnreachable(logger, configs.Settings.Brokers, e.Error.Reason, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Kafka at {Brokers} answers with {BrokerCount} brokers")]
    private static partial void LogReady(ILogger logger, string brokers, int brokerCount);

    [LoggerMessage(LogLevel.Warning, "Kafka at {Brokers} is not reachable ({Reason}); retrying in {Seconds} s")]
    private static partial void LogUnreachable(ILogger logger, string brokers, string reason, double seconds);
}
