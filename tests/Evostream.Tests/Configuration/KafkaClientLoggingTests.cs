using System.Text.RegularExpressions;
using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Evostream.Tests.Configuration;

/// <summary>Every Kafka client is built by KafkaClientConfigs, which forwards librdkafka's log lines and errors to ILogger.</summary>
public partial class KafkaClientLoggingTests
{
    [Fact]
    public async Task Librdkafka_log_lines_and_error_events_reach_the_logger_with_the_clients_name()
    {
        using var provider = new FakeLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        var configs = new KafkaClientConfigs(Env.Read(vars: [("KAFKA_BROKERS", "127.0.0.1:1"), ("KAFKA_CLIENT_ID", "logged")]).Kafka, loggers);

        using (configs.ProducerBuilder<Null, string>(configs.Producer("probe")).Build())
        {
            // Nothing listens on port 1: librdkafka logs the refused connection and raises a transport error.
            for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline && !(Line() is not null && Event() is not null);)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        var line = Line();
        Assert.NotNull(line);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("logged-probe#producer-", line.Message, StringComparison.Ordinal);

        var error = Event();
        Assert.NotNull(error);
        Assert.Equal(LogLevel.Warning, error.Level);
        Assert.Contains("logged-probe#producer-", error.Message, StringComparison.Ordinal);

        FakeLogRecord? Line() => provider.Collector.GetSnapshot().FirstOrDefault(r =>
            r.Category == "Evostream.Kafka.Client" && r.Id.Id == 1 && r.Message.Contains("Connection refused", StringComparison.Ordinal));
        FakeLogRecord? Event() => provider.Collector.GetSnapshot().FirstOrDefault(r =>
            r.Category == "Evostream.Kafka.Client" && r.Id.Id == 2 && r.Message.Contains(nameof(ErrorCode.Local_Transport), StringComparison.Ordinal));
    }

    [Fact]
    public void Only_KafkaClientConfigs_builds_Kafka_clients_in_the_product_and_the_bench()
    {
        var builders = new List<string>();
        foreach (var root in new[] { "src", "bench" })
        {
            foreach (var file in Directory.EnumerateFiles(RepoRoot.File(root), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                builders.AddRange(ClientBuilder().Matches(text).Select(m => $"{Path.GetRelativePath(RepoRoot.Path, file)}: {m.Value}"));
            }
        }

        var elsewhere = builders.Where(b => !b.StartsWith("src/Platform/Kafka/KafkaClientConfigs.cs:", StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, "Kafka clients built outside KafkaClientConfigs (their logs would bypass ILogger):\n" + string.Join('\n', elsewhere));
        Assert.NotEmpty(builders);
    }

    [GeneratedRegex(@"new (Producer|Consumer|DependentProducer)Builder<|new AdminClientBuilder\(|\.Set(Log|Error)Handler\(")]
    private static partial Regex ClientBuilder();
}
