using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;

namespace Evostream.Bench;

/// <summary>The embedded stack every scenario runs on: a 3-broker mock Kafka cluster and a private PostgreSQL.</summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly string _dataDir;
    private int _counter;

    private BenchStack(EmbeddedKafka kafka, PrivatePostgres postgres, string dataDir)
    {
        Kafka = kafka;
        Postgres = postgres;
        _dataDir = dataDir;
        Settings = SettingsFor("bench");
        Configs = new KafkaClientConfigs(Settings);
    }

    public EmbeddedKafka Kafka { get; }

    public PrivatePostgres Postgres { get; }

    public KafkaSettings Settings { get; }

    public KafkaClientConfigs Configs { get; }

    public static async Task<BenchStack> StartAsync(CancellationToken ct)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"evostream-bench-pg-{Environment.ProcessId}");
        var kafka = EmbeddedKafka.Start(brokerCount: 3);
        var postgres = await PrivatePostgres.StartAsync(dataDir, durable: false, ct: ct);
        return new BenchStack(kafka, postgres, dataDir);
    }

    /// <summary>A name no other run uses, legal for topics, groups and schemas.</summary>
    public string NewName(string hint) => $"{hint}{Interlocked.Increment(ref _counter)}x{Guid.NewGuid().ToString("N")[..6]}";

    public KafkaSettings SettingsFor(string topicPrefix) =>
        new SettingsReader(name => name switch
        {
            "KAFKA_BROKERS" => Kafka.BootstrapServers,
            "KAFKA_TOPIC_PREFIX" => topicPrefix,
            "EVOSTREAM_MODE" => "dev",
            _ => null,
        }).Read().Kafka;

    public async ValueTask DisposeAsync()
    {
        await Postgres.DisposeAsync();
        Kafka.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
