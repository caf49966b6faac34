using Evostream.Platform.Configuration;

namespace Evostream.Tests.Configuration;

public class SettingsReaderTests
{
    private const string StrongKey = "3f9a1c77e0b24d5e8a6c1b2d3e4f5a6b";

    [Fact]
    public void Defaults_follow_Evolution_where_it_has_them()
    {
        var s = Env.Read();
        Assert.Equal(RunMode.Production, s.Mode);
        Assert.Equal("localhost:9092", s.Kafka.Brokers);
        Assert.Equal("evolution", s.Kafka.TopicPrefix);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), s.Kafka.ConnectionTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(30000), s.Kafka.RequestTimeout);
        Assert.False(s.Kafka.GlobalEnabled);
        Assert.False(s.Kafka.AutoCreateTopics);
        Assert.Null(s.Kafka.NumPartitions);
        Assert.Null(s.Kafka.Sasl);
        Assert.Null(s.Kafka.Ssl);
        Assert.Equal(new Uri("http://localhost:8080"), s.ServerUrl);
        Assert.Equal(8080, s.ServerPort);
    }

    [Fact]
    public void Dev_mode_creates_topics_unless_told_otherwise()
    {
        Assert.True(Env.Read(vars: ("EVOSTREAM_MODE", "dev")).Kafka.AutoCreateTopics);
        Assert.False(Env.Read(vars: [("EVOSTREAM_MODE", "dev"), ("KAFKA_AUTO_CREATE_TOPICS", "false")]).Kafka.AutoCreateTopics);
    }

    [Fact]
    public void Reads_every_Kafka_variable()
    {
        var s = Env.Read(vars:
        [
            ("KAFKA_BROKERS", "k1:9092, k2:9093"), ("KAFKA_CLIENT_ID", "svc"), ("KAFKA_CONNECTION_TIMEOUT", "1500"),
            ("KAFKA_REQUEST_TIMEOUT", "20000"), ("KAFKA_TOPIC_PREFIX", "wa"), ("KAFKA_GLOBAL_ENABLED", "true"),
            ("KAFKA_NUM_PARTITIONS", "24"), ("KAFKA_REPLICATION_FACTOR", "3"), ("KAFKA_AUTO_CREATE_TOPICS", "TRUE"),
        ]);
        Assert.Equal("k1:9092,k2:9093", s.Kafka.Brokers);
        Assert.Equal("svc", s.Kafka.ClientId);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), s.Kafka.ConnectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), s.Kafka.RequestTimeout);
        Assert.Equal("wa", s.Kafka.TopicPrefix);
        Assert.True(s.Kafka.GlobalEnabled);
        Assert.Equal(24, s.Kafka.NumPartitions);
        Assert.Equal((short)3, s.Kafka.ReplicationFactor);
        Assert.True(s.Kafka.AutoCreateTopics);
    }

    [Fact]
    public void Live_streams_follow_Evolution_s_websocket_switches_and_are_on_in_dev()
    {
        Assert.Equal(new WebsocketSettings(false, false, 1024), Env.Read().Websocket);
        Assert.True(Env.Read(vars: ("EVOSTREAM_MODE", "dev")).Websocket.Enabled);
        Assert.Equal(new WebsocketSettings(true, true, 16), Env.Read(vars: [("WEBSOCKET_ENABLED", "true"), ("WEBSOCKET_GLOBAL_EVENTS", "true"), ("EVOSTREAM_STREAM_BUFFER", "16")]).Websocket);
    }

    [Fact]
    public void Instance_topics_are_on_by_default_and_can_be_left_to_the_global_topics()
    {
        Assert.True(Env.Read().Kafka.InstanceTopics);
        Assert.False(Env.Read(vars: [("EVOSTREAM_INSTANCE_TOPICS", "false"), ("KAFKA_GLOBAL_ENABLED", "true")]).Kafka.InstanceTopics);

        var error = Env.Fails(vars: ("EVOSTREAM_INSTANCE_TOPICS", "false"));
        Assert.Contains(error.Errors, e => e.StartsWith("EVOSTREAM_INSTANCE_TOPICS=false leaves events only the global topics, and KAFKA_GLOBAL_ENABLED is false", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EVOSTREAM_INSTANCE_TOPICS", "sometimes", "EVOSTREAM_INSTANCE_TOPICS='sometimes' is not a boolean")]
    [InlineData("KAFKA_GLOBAL_ENABLED", "yes please", "KAFKA_GLOBAL_ENABLED='yes please' is not a boolean")]
    [InlineData("KAFKA_NUM_PARTITIONS", "0", "KAFKA_NUM_PARTITIONS='0' must be a whole number from 1 to 10000")]
    [InlineData("KAFKA_REPLICATION_FACTOR", "three", "KAFKA_REPLICATION_FACTOR='three' must be a whole number")]
    [InlineData("KAFKA_REQUEST_TIMEOUT", "-5", "KAFKA_REQUEST_TIMEOUT='-5' must be a whole number")]
    [InlineData("KAFKA_BROKERS", "kafka", "KAFKA_BROKERS: 'kafka' is not host:port")]
    [InlineData("KAFKA_BROKERS", "kafka:99999", "KAFKA_BROKERS: 'kafka:99999' is not host:port")]
    [InlineData("KAFKA_TOPIC_PREFIX", "my prefix", "KAFKA_TOPIC_PREFIX='my prefix' must be 1 to 64 characters")]
    [InlineData("KAFKA_SASL_MECHANISM", "gssapi", "KAFKA_SASL_MECHANISM='gssapi' is not one of: plain, scram-sha-256, scram-sha-512")]
    [InlineData("KAFKA_ENABLED", "false", "KAFKA_ENABLED=false: Evostream is built on Kafka")]
    [InlineData("KAFKA_EVENTS_MESSAGES_UPSERT", "maybe", "KAFKA_EVENTS_MESSAGES_UPSERT='maybe' is not a boolean")]
    [InlineData("WEBSOCKET_ENABLED", "on", "WEBSOCKET_ENABLED='on' is not a boolean")]
    [InlineData("WEBSOCKET_GLOBAL_EVENTS", "all", "WEBSOCKET_GLOBAL_EVENTS='all' is not a boolean")]
    [InlineData("EVOSTREAM_STREAM_BUFFER", "0", "EVOSTREAM_STREAM_BUFFER='0' must be a whole number from 1 to 1000000")]
    [InlineData("EVOSTREAM_MODE", "staging", "EVOSTREAM_MODE='staging' is not one of: production, dev")]
    [InlineData("SERVER_URL", "localhost:8080", "SERVER_URL='localhost:8080' is not an absolute http(s) URL")]
    [InlineData("SERVER_PORT", "80800", "SERVER_PORT='80800' must be a whole number from 1 to 65535")]
    [InlineData("DATABASE_CONNECTION_URI", "mysql://u:p@h/db", "DATABASE_CONNECTION_URI: expected a URI of the form postgresql://")]
    [InlineData("DATABASE_CONNECTION_URI", "postgresql://u:p@h:5432/", "DATABASE_CONNECTION_URI: the URI names no database")]
    public void A_bad_value_names_its_variable(string name, string value, string expected)
    {
        var error = Env.Fails(vars: (name, value));
        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Env.Fails(vars: [("KAFKA_NUM_PARTITIONS", "x"), ("KAFKA_SSL_ENABLED", "nope"), ("SERVER_PORT", "0")]);
        Assert.Equal(3, error.Errors.Count);
    }

    [Fact]
    public void Sasl_needs_credentials()
    {
        var error = Env.Fails(vars: ("KAFKA_SASL_ENABLED", "true"));
        Assert.Contains("KAFKA_SASL_USERNAME is required when KAFKA_SASL_ENABLED=true.", error.Errors);
        Assert.Contains("KAFKA_SASL_PASSWORD is required when KAFKA_SASL_ENABLED=true.", error.Errors);
    }

    [Fact]
    public void Sasl_settings_never_print_the_password()
    {
        var s = Env.Read(vars: [("KAFKA_SASL_ENABLED", "true"), ("KAFKA_SASL_USERNAME", "u"), ("KAFKA_SASL_PASSWORD", "hunter2")]);
        Assert.DoesNotContain("hunter2", s.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", s.Kafka.Sasl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_sasl_block_with_Evolution_example_values_is_fine()
    {
        var s = Env.Read(vars: [("KAFKA_SASL_ENABLED", "false"), ("KAFKA_SASL_MECHANISM", "plain"), ("KAFKA_SASL_USERNAME", "")]);
        Assert.Null(s.Kafka.Sasl);
    }

    [Fact]
    public void Ssl_material_without_ssl_enabled_is_an_impossible_combination()
    {
        var error = Env.Fails(vars: ("KAFKA_SSL_CA", Pem.Certificate));
        Assert.Contains("KAFKA_SSL_CA is set but KAFKA_SSL_ENABLED is not true; enable SSL or remove it.", error.Errors);
    }

    [Fact]
    public void A_client_certificate_needs_its_key_and_the_key_its_certificate()
    {
        Assert.Contains("KAFKA_SSL_CERT is set without KAFKA_SSL_KEY; a client certificate needs both.",
            Env.Fails(vars: [("KAFKA_SSL_ENABLED", "true"), ("KAFKA_SSL_CERT", Pem.Certificate)]).Errors);
        Assert.Contains("KAFKA_SSL_KEY is set without KAFKA_SSL_CERT; a client certificate needs both.",
            Env.Fails(vars: [("KAFKA_SSL_ENABLED", "true"), ("KAFKA_SSL_KEY", Pem.Key)]).Errors);
    }

    [Fact]
    public void Pem_values_may_be_text_with_escaped_newlines_or_file_paths()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Pem.Certificate);
            var s = Env.Read(vars: [("KAFKA_SSL_ENABLED", "true"), ("KAFKA_SSL_CA", path), ("KAFKA_SSL_CERT", Pem.Certificate.Replace("\n", "\\n", StringComparison.Ordinal)), ("KAFKA_SSL_KEY", Pem.Key)]);
            Assert.Equal(path, s.Kafka.Ssl!.Ca!.Path);
            Assert.Null(s.Kafka.Ssl.Ca.Inline);
            Assert.Equal(Pem.Certificate.Trim(), s.Kafka.Ssl.Certificate!.Inline);
            Assert.Equal(Pem.Key.Trim(), s.Kafka.Ssl.Key!.Inline);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_pem_file_or_a_truncated_pem_is_named()
    {
        var error = Env.Fails(vars: [("KAFKA_SSL_ENABLED", "true"), ("KAFKA_SSL_CA", "/nonexistent/ca.pem"), ("KAFKA_SSL_CERT", "-----BEGIN CERTIFICATE-----\nMIIB"), ("KAFKA_SSL_KEY", Pem.Key)]);
        Assert.Contains("KAFKA_SSL_CA: no PEM text and no file at '/nonexistent/ca.pem'; give the PEM itself or the path of a readable PEM file.", error.Errors);
        Assert.Contains("KAFKA_SSL_CERT starts a PEM block but has no -----END line; paste the whole PEM or give a file path.", error.Errors);
    }

    [Fact]
    public void Production_api_needs_a_strong_key()
    {
        Assert.Contains(Env.Fails(Requirements.ApiKey).Errors, e => e.StartsWith("AUTHENTICATION_API_KEY is required outside dev mode", StringComparison.Ordinal));
        Assert.Contains(Env.Fails(Requirements.ApiKey, ("AUTHENTICATION_API_KEY", "BQYHJGJHJ")).Errors, e => e.StartsWith("AUTHENTICATION_API_KEY is a published example key", StringComparison.Ordinal));
        Assert.Contains(Env.Fails(Requirements.ApiKey, ("AUTHENTICATION_API_KEY", "short-key")).Errors, e => e.StartsWith("AUTHENTICATION_API_KEY is too weak", StringComparison.Ordinal));
        Assert.Contains(Env.Fails(Requirements.ApiKey, ("AUTHENTICATION_API_KEY", new string('a', 40))).Errors, e => e.StartsWith("AUTHENTICATION_API_KEY is too weak", StringComparison.Ordinal));
        Assert.Equal(StrongKey, Env.Read(Requirements.ApiKey, ("AUTHENTICATION_API_KEY", StrongKey)).ApiKey);
    }

    [Fact]
    public void Dev_mode_accepts_any_key_and_services_without_the_api_need_none()
    {
        Assert.Equal("dev", Env.Read(Requirements.ApiKey, [("EVOSTREAM_MODE", "dev"), ("AUTHENTICATION_API_KEY", "dev")]).ApiKey);
        Assert.Null(Env.Read(Requirements.None).ApiKey);
    }

    [Fact]
    public void Database_is_required_only_where_needed()
    {
        Assert.Contains(Env.Fails(Requirements.Database).Errors, e => e.StartsWith("DATABASE_CONNECTION_URI is required", StringComparison.Ordinal));
        Assert.Null(Env.Read().DatabaseConnectionString);
    }

    [Fact]
    public void Evolution_event_flags_are_accepted()
    {
        var s = Env.Read(vars: [("KAFKA_EVENTS_MESSAGES_UPSERT", "true"), ("KAFKA_EVENTS_GROUPS_UPDATE", "false")]);
        Assert.True(s.KafkaEventFlags["MESSAGES_UPSERT"]);
        Assert.False(s.KafkaEventFlags["GROUPS_UPDATE"]);
        Assert.False(s.KafkaEventFlags["CALL"]);
    }
}
