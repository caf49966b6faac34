using Evostream.Projections.Lag;
using Evostream.Projections.Migrations;
using Evostream.Projections.Reading;
using Evostream.Projections.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Projections.Hosting;

/// <summary>Migrates the schema (under an advisory lock) at start, then projects until stopped, logging lag periodically.</summary>
public sealed partial class ProjectionsService(
    ProjectionStore store, Migrator migrator, Projector projector, LagMonitor lag, ProjectionsSettings settings, TimeProvider time,
    ILogger<ProjectionsService> logger) : BackgroundService
{
    /// <summary>
    /// Migrates before the host counts as started: an Api in the same host (dev, tests) then never reads a read model
    /// whose tables do not exist yet, which answered its first requests with 500 on a loaded machine.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await store.DataSource.OpenConnectionAsync(cancellationToken))
        {
            await migrator.MigrateAsync(connection, store.Schema, ct: cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var logging = LogLagAsync(stoppingToken);
        await projector.RunAsync(stoppingToken);
        await logging;
    }

    private async Task LogLagAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(settings.LagLogInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var report = await lag.MeasureAsync(ct);
                    LogLag(logger, report.TotalLag, report.Partitions.Count, projector.Projected,
                        string.Join(", ", report.Partitions.Where(p => p.Lag > 0).Take(5).Select(p => $"{p.Topic}[{p.Partition}]={p.Lag}")));
                }
                catch (Exception e) when (e is Confluent.Kafka.KafkaException or Npgsql.NpgsqlException)
                {
                    LogLagFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Projections lag: {TotalLag} events over {Partitions} partitions ({Projected} projected since start) {Behind}")]
    private static partial void LogLag(ILogger logger, long totalLag, int partitions, long projected, string behind);

    [LoggerMessage(LogLevel.Warning, "Projections lag could not be measured: {Reason}")]
    private static partial void LogLagFailed(ILogger logger, string reason);
}
