using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Cli.Topics;

/// <summary><c>./evostream topics apply</c>, apart from parsing its arguments.</summary>
internal static class TopicsApply
{
    public const int Matches = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int DriftRemains = 3;

    public sealed record Request(bool GrowPartitions, bool DryRun, IReadOnlyList<string> Instances);

    /// <param name="openBackend">Opens the cluster when it is not a running dev stack's (which applies the catalog itself).</param>
    /// <param name="loggers">Where the Kafka clients' log lines go; null leaves them to librdkafka (standard error).</param>
    public static async Task<int> RunAsync(
        Request request, EvostreamSettings settings, TopicBackendFactory openBackend, string devEnvPath, TextWriter output, TextWriter errors,
        ILoggerFactory? loggers, CancellationToken ct)
    {
        var kafka = settings.Kafka;
        var invalid = request.Instances
            .Select(i => InstanceNames.TryValidate(i, kafka.TopicPrefix, out var error) ? null : "--instance: " + error)
            .OfType<string>()
            .ToList();
        if (invalid.Count > 0)
        {
            invalid.ForEach(errors.WriteLine);
            return BadInput;
        }

        var options = new ApplyOptions(request.GrowPartitions, request.DryRun);
        TopicReport report;
        try
        {
            if (DevStackClient.For(kafka, devEnvPath) is { } devStack)
            {
                report = await devStack.ApplyAsync(request, kafka, ct);
            }
            else
            {
                using var backend = openBackend(new KafkaClientConfigs(kafka, loggers));
                report = await new TopicProvisioner(TopicCatalog.BuiltIn, backend, kafka).ApplyAsync(options, request.Instances, ct);
            }
        }
        catch (TopicBackendException e)
        {
            await errors.WriteLineAsync(e.Message);
            return Failed;
        }
        catch (ArgumentException e)
        {
            await errors.WriteLineAsync(e.Message);
            return BadInput;
        }

        TopicReportPrinter.Print(report, output, request.DryRun);
        return report.HasFailures ? Failed : report.HasDrift ? DriftRemains : Matches;
    }
}
