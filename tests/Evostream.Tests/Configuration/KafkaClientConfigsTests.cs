using Confluent.Kafka;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;

namespace Evostream.Tests.Configuration;

public class KafkaClientConfigsTests
{
    // Confluent.Kafka writes booleans as "True"/"False"; librdkafka reads them case-insensitively.
    private static Dictionary<string, string> Properties(ClientConfig config) => config.ToDictionary(kv => kv.Key, kv => kv.Value is "True" or "False" ? kv.Value.ToLowerInvariant() : kv.Value);

    private static KafkaClientConfigs Configs(params (string, string)[] vars) => new(Env.Read(vars: vars).Kafka);

    [Fact]
    public void Plaintext_by_default_with_Evolution_timeouts()
    {
        var p = Properties(Configs(("KAFKA_BROKERS", "a:1,b:2"), ("KAFKA_CLIENT_ID", "evo")).Producer("api"));
        Assert.Equal("plaintext", p["security.protocol"]);
        Assert.Equal("a:1,b:2", p["bootstrap.servers"]);
        Assert.Equal("evo-api", p["client.id"]);
        Assert.Equal("3000", p["socket.connection.setup.timeout.ms"]);
        Assert.Equal("30000", p["socket.timeout.ms"]);
        Assert.DoesNotContain("sasl.mechanism", p.Keys);
    }

    [Theory]
    [InlineData("plain", "PLAIN")]
    [InlineData("scram-sha-256", "SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512", "SCRAM-SHA-512")]
    public void Every_sasl_mechanism_maps_to_librdkafka(string mechanism, string expected)
    {
        var configs = Configs(("KAFKA_SASL_ENABLED", "true"), ("KAFKA_SASL_MECHANISM", mechanism), ("KAFKA_SASL_USERNAME", "user"), ("KAFKA_SASL_PASSWORD", "secret"));
        foreach (ClientConfig config in new ClientConfig[] { configs.Producer("r"), configs.TransactionalProducer("r", "tx"), configs.Consumer("r", "g"), configs.Admin("r") })
        {
            var p = Properties(config);
            Assert.Equal("sasl_plaintext", p["security.protocol"]);
            Assert.Equal(expected, p["sasl.mechanism"]);
            Assert.Equal("user", p["sasl.username"]);
            Assert.Equal("secret", p["sasl.password"]);
        }

        // librdkafka itself accepts the mapped names (this build has SASL PLAIN and SCRAM compiled in).
        using var producer = new ProducerBuilder<Null, Null>(configs.Producer("probe")).Build();
        Assert.NotNull(producer.Name);
    }

    [Fact]
    public void Sasl_over_ssl_with_inline_pem_uses_the_pem_properties()
    {
        var p = Properties(Configs(
            ("KAFKA_SASL_ENABLED", "true"), ("KAFKA_SASL_MECHANISM", "scram-sha-512"), ("KAFKA_SASL_USERNAME", "u"), ("KAFKA_SASL_PASSWORD", "p"),
            ("KAFKA_SSL_ENABLED", "true"), ("KAFKA_SSL_CA", Pem.Certificate), ("KAFKA_SSL_CERT", Pem.Certificate), ("KAFKA_SSL_KEY", Pem.Key)).Consumer("c", "g"));
        Assert.Equal("sasl_ssl", p["security.protocol"]);
        Assert.Equal(Pem.Certificate.Trim(), p["ssl.ca.pem"]);
        Assert.Equal(Pem.Certificate.Trim(), p["ssl.certificate.pem"]);
        Assert.Equal(Pem.Key.Trim(), p["ssl.key.pem"]);
        Assert.Equal("true", p["enable.ssl.certificate.verification"]);
        Assert.DoesNotContain("ssl.ca.location", p.Keys);
    }

    [Fact]
    public void Ssl_with_file_paths_uses_the_location_properties()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var (ca, cert, key) = (Path.Combine(dir.FullName, "ca.pem"), Path.Combine(dir.FullName, "c.pem"), Path.Combine(dir.FullName, "k.pem"));
            File.WriteAllText(ca, Pem.Certificate);
            File.WriteAllText(cert, Pem.Certificate);
            File.WriteAllText(key, Pem.Key);
            var p = Properties(Configs(("KAFKA_SSL_ENABLED", "true"), ("KAFKA_SSL_CA", ca), ("KAFKA_SSL_CERT", cert), ("KAFKA_SSL_KEY", key)).Admin("a"));
            Assert.Equal("ssl", p["security.protocol"]);
            Assert.Equal(ca, p["ssl.ca.location"]);
            Assert.Equal(cert, p["ssl.certificate.location"]);
            Assert.Equal(key, p["ssl.key.location"]);
            Assert.DoesNotContain("ssl.ca.pem", p.Keys);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Reject_unauthorized_false_turns_off_certificate_and_hostname_checks()
    {
        var p = Properties(Configs(("KAFKA_SSL_ENABLED", "true"), ("KAFKA_SSL_REJECT_UNAUTHORIZED", "false")).Producer("p"));
        Assert.Equal("false", p["enable.ssl.certificate.verification"]);
        Assert.Equal("none", p["ssl.endpoint.identification.algorithm"]);
    }

    [Fact]
    public void Producers_are_durable_and_partition_like_kafkajs()
    {
        var p = Properties(Configs().Producer("p"));
        Assert.Equal("-1", p["acks"]); // all in-sync replicas
        Assert.Equal("true", p["enable.idempotence"]);
        Assert.Equal("murmur2_random", p["partitioner"]);
        Assert.Equal("tx-1", Properties(Configs().TransactionalProducer("p", "tx-1"))["transactional.id"]);
    }

    [Fact]
    public void Consumers_read_committed_and_never_auto_commit()
    {
        var p = Properties(Configs().Consumer("c", "group-1"));
        Assert.Equal("group-1", p["group.id"]);
        Assert.Equal("read_committed", p["isolation.level"]);
        Assert.Equal("false", p["enable.auto.commit"]);
        Assert.Equal("cooperative-sticky", p["partition.assignment.strategy"]);
        Assert.Equal("earliest", p["auto.offset.reset"]);
    }
}
