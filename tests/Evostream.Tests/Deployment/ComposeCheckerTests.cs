using Evostream.Tests.Infrastructure;
namespace Evostream.Tests.Deployment;

/// <summary>The checker fails when it should: each edit below breaks docker-compose.kafka.yml in one typical way.</summary>
public class ComposeCheckerTests
{
    private static readonly IReadOnlySet<string> s_dockerfileServices = EvostreamServices.All.Keys.ToHashSet(StringComparer.Ordinal);

    private const string ApiKeyLine = "AUTHENTICATION_API_KEY: ${AUTHENTICATION_API_KEY:?run eng/compose-env.sh and pass its file with --env-file}";

    [Theory]
    [InlineData("KAFKA_BROKERS: kafka:9092\n      KAFKA_CLIENT_ID: evostream-api", "KAFKA_BROKER: kafka:9092\n      KAFKA_CLIENT_ID: evostream-api", "api: KAFKA_BROKER is not a variable Evostream reads")]
    [InlineData("KAFKA_BROKERS: kafka:9092\n      KAFKA_CLIENT_ID: evostream-api", "KAFKA_BROKER: kafka:9092\n      KAFKA_CLIENT_ID: evostream-api", "api: KAFKA_BROKERS is missing")]
    [InlineData("SERVER_PORT: \"8080\"", "SERVER_PORT: \"8081\"", "api: SERVER_PORT is 8081, but the service publishes container port(s) 8080")]
    [InlineData("${SERVER_URL:-http://localhost:8080}", "${SERVER_URL:-http://localhost:9090}", "api: SERVER_URL http://localhost:9090/ names port 9090")]
    [InlineData("${SERVER_URL:-http://localhost:8080}", "${SERVER_URL}", "SERVER_URL uses ${SERVER_URL} with neither a default")]
    [InlineData("KAFKA_BROKERS: kafka:9094", "KAFKA_BROKERS: kafka:9092", "connector: speaks SASL_SSL to kafka:9092, but that is kafka's PLAINTEXT listener")]
    [InlineData("KAFKA_BROKERS: kafka:9092\n      KAFKA_CLIENT_ID: evostream-projections", "KAFKA_BROKERS: kafka:9095\n      KAFKA_CLIENT_ID: evostream-projections", "projections: Kafka bootstrap kafka:9095: kafka listens on 9092, 9093, 9094, 29092, not 9095")]
    [InlineData("KAFKA_BROKERS: kafka:9092\n      KAFKA_CLIENT_ID: evostream-command-processor", "KAFKA_BROKERS: broker:9092\n      KAFKA_CLIENT_ID: evostream-command-processor", "command-processor: Kafka bootstrap broker:9092 names no compose service")]
    [InlineData("SASL_SSL://kafka:9094,HOST", "SASL_SSL://localhost:9094,HOST", "connector: kafka advertises its SASL_SSL listener as localhost:9094")]
    [InlineData("PLAINTEXT://kafka:9092\n    ports", "PLAINTEXT://kafka:9094\n    ports", "schema-registry: speaks PLAINTEXT to PLAINTEXT://kafka:9094")]
    [InlineData("  KAFKA_REPLICATION_FACTOR: \"1\"", "  KAFKA_REPLICATION_FACTOR: \"3\"", "KAFKA_REPLICATION_FACTOR is 3, but the file runs 1 broker(s)")]
    [InlineData("  KAFKA_TOPIC_PREFIX: evolution", "  KAFKA_TOPIC_PREFIX: evo lution", "api: KAFKA_TOPIC_PREFIX='evo lution' must be")]
    [InlineData("POSTGRES_DB: evostream", "POSTGRES_DB: evo", "projections: DATABASE_CONNECTION_URI names the database evostream, but postgres creates evo")]
    [InlineData("@postgres:5432/evostream\n      AUTHENTICATION_API_KEY", "@postgres:5433/evostream\n      AUTHENTICATION_API_KEY", "api: DATABASE_CONNECTION_URI uses port 5433, but postgres listens on 5432")]
    [InlineData("POSTGRES_USER: evostream", "POSTGRES_USER: admin", "api: DATABASE_CONNECTION_URI logs in as evostream, but postgres creates the user admin")]
    [InlineData("SERVICE: CommandProcessor", "SERVICE: Commands", "command-processor: SERVICE build arg 'Commands' is not one the Dockerfile builds")]
    [InlineData("SERVICE: CommandProcessor", "SERVICE: Commands", "0 services build SERVICE=CommandProcessor")]
    [InlineData(ApiKeyLine, "AUTHENTICATION_API_KEY: 3f9a1c77e0b24d5e8a6c1b2d3e4f5a6b", "api: AUTHENTICATION_API_KEY must come from the environment")]
    [InlineData(ApiKeyLine, "AUTHENTICATION_API_KEY: ${AUTHENTICATION_API_KEY:-change-me}", "api: AUTHENTICATION_API_KEY is a published example key")]
    [InlineData("KAFKA_SASL_MECHANISM: scram-sha-512", "KAFKA_SASL_MECHANISM: scram-sha-256", "connector: authenticates with SCRAM-SHA-256, which kafka does not enable")]
    [InlineData("SCRAM_USER: evostream", "SCRAM_USER: someone", "connector: no service creates the SASL user evostream")]
    [InlineData("--entity-name \"$$SCRAM_USER\"", "--entity-name \"$SCRAM_USER\"", "kafka-users: command uses $SCRAM_USER, which Compose replaces")]
    [InlineData("      kafka-users:\n        condition: service_completed_successfully\n", "", "connector: must start after kafka-users")]
    [InlineData("/broker /client kafka localhost", "/broker /client localhost", "connector: dials kafka over TLS, but the broker certificate names only localhost")]
    [InlineData("KAFKA_SSL_CA: /etc/evostream/kafka-ca/ca.crt", "KAFKA_SSL_CA: /etc/ssl/ca.crt", "connector: KAFKA_SSL_CA=/etc/ssl/ca.crt is not inside any volume the service mounts")]
    [InlineData("- kafka-ca:/etc/evostream/kafka-ca:ro", "- kafka-secrets:/etc/evostream/kafka-ca:ro", "connector: KAFKA_SSL_CA=/etc/evostream/kafka-ca/ca.crt is not the ca.crt kafka-secrets writes to /client")]
    [InlineData("KAFKA_SSL_KEYSTORE_FILENAME: kafka.keystore.p12", "KAFKA_SSL_KEYSTORE_FILENAME: broker.p12", "kafka: KAFKA_SSL_KEYSTORE_FILENAME must be kafka.keystore.p12")]
    [InlineData("- kafka-secrets:/etc/kafka/secrets:ro", "- kafka-ca:/etc/kafka/secrets:ro", "kafka: does not mount at /etc/kafka/secrets the volume kafka-secrets writes the keystore to")]
    [InlineData("KAFKA_OPTS: -Djava", "KAFKA_OPTS: -Dx -Xjava", "kafka: KAFKA_OPTS must contain -Djava.security.auth.login.config=/etc/kafka/secrets/kafka_server_jaas.conf")]
    [InlineData("    healthcheck:\n      test: [\"CMD-SHELL\", \"/opt/kafka", "    healthcheck:\n      disable: true\n      test: [\"CMD-SHELL\", \"/opt/kafka", "api: waits for kafka to be healthy, but kafka has no healthcheck")]
    public void Finds_the_mistake(string original, string replacement, string expected)
    {
        var text = RepoRoot.Read("docker-compose.kafka.yml");
        // The edit must hit exactly one place, or a change to the file would quietly make this case test nothing.
        Assert.Equal(2, text.Split(original).Length);
        var problems = ComposeChecker.Check(ComposeFile.Parse(text.Replace(original, replacement, StringComparison.Ordinal)), s_dockerfileServices);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Finds_every_mistake_in_a_small_file()
    {
        const string Yaml = """
            services:
              kafka:
                image: apache/kafka:4.1.0
                environment:
                  KAFKA_LISTENERS: PLAINTEXT://:9092
                  KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
              api:
                build:
                  context: .
                  args:
                    SERVICE: Api
                depends_on: [kafka]
                environment:
                  KAFKA_BROKER: kafka:9092
                  SERVER_PORT: "8080"
                  AUTHENTICATION_API_KEY: short
                ports:
                  - "80:80"
            """;

        var problems = ComposeChecker.Check(ComposeFile.Parse(Yaml), s_dockerfileServices);

        string[] expected =
        [
            "api: KAFKA_BROKER is not a variable Evostream reads",
            "api: KAFKA_BROKERS is missing",
            "api: DATABASE_CONNECTION_URI is missing",
            "api: AUTHENTICATION_API_KEY must come from the environment",
            "0 services build SERVICE=Connector",
            "api: AUTHENTICATION_API_KEY is too weak",
            "api: DATABASE_CONNECTION_URI is required",
        ];
        Assert.All(expected, e => Assert.Contains(problems, p => p.StartsWith(e, StringComparison.Ordinal)));
    }

    [Fact]
    public void Accepts_a_correct_small_file_for_the_api()
    {
        var yaml = """
            services:
              kafka:
                image: apache/kafka:4.1.0
                environment:
                  KAFKA_LISTENERS: PLAINTEXT://:9092
                  KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
                healthcheck:
                  test: ["CMD", "true"]
              db:
                image: postgres:16
                environment:
                  POSTGRES_PASSWORD: ${PG:?set PG}
                healthcheck:
                  test: ["CMD", "pg_isready"]
              api:
                build: .
                depends_on:
                  kafka: { condition: service_healthy }
                  db: { condition: service_healthy }
                environment:
                  - KAFKA_BROKERS=kafka:9092
                  - SERVER_PORT=9000
                  - SERVER_URL=http://localhost:9000
                  - AUTHENTICATION_API_KEY=${KEY:?set KEY}
                  - DATABASE_CONNECTION_URI=postgresql://postgres:${PG:?set PG}@db:5432/postgres
                ports:
                  - target: 9000
                    published: 9000
            """.Replace("build: .", "build:\n      context: .\n      args: [SERVICE=Api]", StringComparison.Ordinal);

        var problems = ComposeChecker.Check(ComposeFile.Parse(yaml), s_dockerfileServices);

        // Only the three absent services are missing: every spelling above (list env, long ports, defaults) is understood.
        Assert.Equal(
            ["CommandProcessor", "Connector", "Delivery", "Projections"],
            problems.Order(StringComparer.Ordinal).Select(p => p.Replace("0 services build SERVICE=", "", StringComparison.Ordinal).Replace("; expected exactly one", "", StringComparison.Ordinal)));
    }
}
