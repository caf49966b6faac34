using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;

namespace Evostream.Bench;

/// <summary>
/// One measurement's view of the stack: its own mock Kafka cluster, with the settings and client configs that point
/// at it, beside the run's shared PostgreSQL and names. Made and destroyed by <see cref="BenchStack.OnFreshClusterAsync{T}"/>.
/// </summary>
public sealed class BenchCluster : IDisposable
{
    private readonly BenchStack _stack;

    internal BenchCluster(BenchStack stack, EmbeddedKafka kafka)
    {
        _stack = stack;
        Kafka = kafka;
        Configs = new KafkaClientConfigs(SettingsFor("bench"));
    }

    public EmbeddedKafka Kafka { get; }

    public KafkaClientConfigs Configs { get; }

    public PrivatePostgres Postgres => _stack.Postgres;

    /// <inheritdoc cref="BenchStack.NewName"/>
    public string NewName(string hint) => _stack.NewName(hint);

    public KafkaSettings SettingsFor(string topicPrefix) => Kafka.SettingsFor(topicPrefix);

    public void Dispose() => Kafka.Dispose();
}
