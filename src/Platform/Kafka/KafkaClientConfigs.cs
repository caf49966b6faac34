using Confluent.Kafka;
using Evostream.Platform.Configuration;
using Microsoft.Extensions.Logging;

namespace Evostream.Platform.Kafka;

/// <summary>
/// The one place that turns settings into librdkafka client configurations and clients. Every producer, consumer
/// and admin client in Evostream is configured and built here, so security, timeouts and partitioning never drift
/// apart, and every client forwards librdkafka's log and error callbacks to <paramref name="loggers"/>. Without
/// loggers (some tools and tests), librdkafka prints its log lines to standard error, as it does by default.
/// </summary>
public sealed class KafkaClientConfigs(KafkaSettings settings, ILoggerFactory? loggers = null)
{
    private readonly ILogger? _logger = loggers?.CreateLogger(KafkaClientLog.Category);

    public KafkaSettings Settings { get; } = settings;

    public ProducerBuilder<TKey, TValue> ProducerBuilder<TKey, TValue>(ProducerConfig config)
    {
        var builder = new ProducerBuilder<TKey, TValue>(config);
        return _logger is { } logger
            ? builder.SetLogHandler((_, m) => KafkaClientLog.Log(logger, m)).SetErrorHandler((p, e) => KafkaClientLog.Error(logger, p.Name, e))
            : builder;
    }

    public ConsumerBuilder<TKey, TValue> ConsumerBuilder<TKey, TValue>(ConsumerConfig config)
    {
        var builder = new ConsumerBuilder<TKey, TValue>(config);
        return _logger is { } logger
            ? builder.SetLogHandler((_, m) => KafkaClientLog.Log(logger, m)).SetErrorHandler((c, e) => KafkaClientLog.Error(logger, c.Name, e))
            : builder;
    }

    public AdminClientBuilder AdminBuilder(AdminClientConfig config)
    {
        var builder = new AdminClientBuilder(config);
        return _logger is { } logger
            ? builder.SetLogHandler((_, m) => KafkaClientLog.Log(logger, m)).SetErrorHandler((a, e) => KafkaClientLog.Error(logger, a.Name, e))
            : builder;
    }

    /// <summary>Idempotent, acks=all: a success means the record is durably replicated (invariant 6).</summary>
    public ProducerConfig Producer(string role)
    {
        var config = new ProducerConfig
        {
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            // No compression: plain kafkajs (the consumer in Evolution's docs) reads only uncompressed or gzip batches,
            // and brokers store batches as producers sent them.
            CompressionType = CompressionType.None,
            // kafkajs and the Java client hash keys with murmur2; matching them keeps one instance's records
            // on one partition whichever client produced them. KeyPartitions.Home computes the same partition for
            // commands from producers that use another partitioner (librdkafka's default hashes with CRC32).
            Partitioner = Partitioner.Murmur2Random,
            RequestTimeoutMs = (int)Settings.RequestTimeout.TotalMilliseconds,
        };
        ApplyCommon(config, role);
        return config;
    }

    /// <summary>For consume-transform-produce loops; the id must be stable per replica so a restart fences its predecessor.</summary>
    public ProducerConfig TransactionalProducer(string role, string transactionalId)
    {
        var config = Producer(role);
        config.TransactionalId = transactionalId;
        config.TransactionTimeoutMs = 30_000;
        // A failed delivery makes the transaction abortable and its commit throws, so no one waits for per-record
        // reports; without them the client's poll thread does not marshal one event per produced record.
        config.EnableDeliveryReports = false;
        return config;
    }

    /// <summary>Offsets are committed by transactions or by the projection's database, never automatically.</summary>
    /// <param name="coPartitioned">
    /// Partition p of every subscribed topic goes to the same member (range assignment: each topic's partitions are
    /// split in the same ranges over the same sorted members, given equal partition counts). Cooperative-sticky
    /// makes no such promise. Its rebalances are eager: every partition is revoked, then assigned again.
    /// </param>
    public ConsumerConfig Consumer(string role, string groupId, bool coPartitioned = false)
    {
        var config = new ConsumerConfig
        {
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = coPartitioned ? PartitionAssignmentStrategy.Range : PartitionAssignmentStrategy.CooperativeSticky,
            SessionTimeoutMs = 10_000,
            HeartbeatIntervalMs = 2_000,
        };
        ApplyCommon(config, role);
        return config;
    }

    public AdminClientConfig Admin(string role)
    {
        var config = new AdminClientConfig();
        ApplyCommon(config, role);
        return config;
    }

    private void ApplyCommon(ClientConfig config, string role)
    {
        config.BootstrapServers = Settings.Brokers;
        config.ClientId = $"{Settings.ClientId}-{role}";
        config.SocketConnectionSetupTimeoutMs = (int)Settings.ConnectionTimeout.TotalMilliseconds;
        config.SocketTimeoutMs = (int)Settings.RequestTimeout.TotalMilliseconds;

        config.SecurityProtocol = (Settings.Sasl, Settings.Ssl) switch
        {
            (not null, not null) => SecurityProtocol.SaslSsl,
            (not null, null) => SecurityProtocol.SaslPlaintext,
            (null, not null) => SecurityProtocol.Ssl,
            _ => SecurityProtocol.Plaintext,
        };

        if (Settings.Sasl is { } sasl)
        {
            config.SaslMechanism = sasl.Mechanism switch
            {
                KafkaSaslMechanism.Plain => Confluent.Kafka.SaslMechanism.Plain,
                KafkaSaslMechanism.ScramSha256 => Confluent.Kafka.SaslMechanism.ScramSha256,
                KafkaSaslMechanism.ScramSha512 => Confluent.Kafka.SaslMechanism.ScramSha512,
                _ => throw new InvalidOperationException($"Unmapped SASL mechanism {sasl.Mechanism}."),
            };
            config.SaslUsername = sasl.Username;
            config.SaslPassword = sasl.Password;
        }

        if (Settings.Ssl is { } ssl)
        {
            config.EnableSslCertificateVerification = ssl.RejectUnauthorized;
            if (!ssl.RejectUnauthorized)
            {
                config.SslEndpointIdentificationAlgorithm = SslEndpointIdentificationAlgorithm.None;
            }

            Pem(ssl.Ca, pem => config.SslCaPem = pem, path => config.SslCaLocation = path);
            Pem(ssl.Certificate, pem => config.SslCertificatePem = pem, path => config.SslCertificateLocation = path);
            Pem(ssl.Key, pem => config.SslKeyPem = pem, path => config.SslKeyLocation = path);
        }
    }

    private static void Pem(PemSource? source, Action<string> inline, Action<string> file)
    {
        if (source?.Inline is { } text)
        {
            inline(text);
        }
        else if (source?.Path is { } path)
        {
            file(path);
        }
    }
}
