using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Deployment;

/// <summary>
/// No broker can run here, but the TLS half of the SASL_SSL path can: a TLS endpoint serving the keystore that
/// eng/kafka-secrets.sh made, and the compose file's secure service dialling it with the real librdkafka.
/// </summary>
public class TlsHandshakeTests
{
    [Theory]
    [InlineData("localhost", true, true)]
    [InlineData("localhost", false, false)] // a CA from another run: the chain does not verify
    [InlineData("127.0.0.1", true, false)] // not a name the certificate carries
    public async Task The_secure_service_verifies_the_broker_certificate(string dialHost, bool sameCa, bool handshakes)
    {
        var secrets = Directory.CreateTempSubdirectory("evostream-tls").FullName;
        Script.Run("sh", KafkaSecretsScript.RelativePath, Path.Combine(secrets, "broker"), Path.Combine(secrets, "client"), "kafka", "localhost");
        Script.Run("sh", KafkaSecretsScript.RelativePath, Path.Combine(secrets, "other-broker"), Path.Combine(secrets, "other-client"), "kafka", "localhost");
        var password = File.ReadAllText(Path.Combine(secrets, "broker", KafkaSecretsScript.KeystorePassword)).Trim();
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(secrets, "broker", KafkaSecretsScript.Keystore), password);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverHandshake = AcceptOneAsync(listener, certificate);

        var ca = Path.Combine(secrets, sameCa ? "client" : "other-client", KafkaSecretsScript.CaCertificate);
        var config = SecureClientConfig($"{dialHost}:{port}", ca);
        // The outcome is read on the server side; librdkafka's own complaints would only be noise here.
        using var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        // Fails either way (no Kafka behind the TLS endpoint); what matters is whether TLS got through.
        var metadata = Task.Run(() => Record.Exception(() => admin.GetMetadata(TimeSpan.FromSeconds(2))), TestContext.Current.CancellationToken);

        Assert.Equal(handshakes, await serverHandshake.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken));
        await metadata;
    }

    /// <summary>The compose file's SASL_SSL service, as SettingsReader and KafkaClientConfigs turn it into librdkafka settings.</summary>
    private static AdminClientConfig SecureClientConfig(string bootstrap, string caFile)
    {
        var service = ComposeFile.Parse(RepoRoot.Read("docker-compose.kafka.yml")).Services.Values
            .First(s => s.Build is not null && s.Environment.GetValueOrDefault("KAFKA_SSL_ENABLED") == "true");
        var environment = service.Environment.ToDictionary(kv => kv.Key, kv => Interpolation.Resolve(kv.Value), StringComparer.Ordinal);
        environment["KAFKA_BROKERS"] = bootstrap;
        environment["KAFKA_SSL_CA"] = caFile;
        var settings = new SettingsReader(environment.GetValueOrDefault).Read();
        Assert.NotNull(settings.Kafka.Sasl);

        var config = new KafkaClientConfigs(settings.Kafka).Admin("tls-check");
        config.BrokerAddressFamily = BrokerAddressFamily.V4; // the endpoint listens on 127.0.0.1 only
        return config;
    }

    private static async Task<bool> AcceptOneAsync(TcpListener listener, X509Certificate2 certificate)
    {
        using var socket = await listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(socket.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
            return true;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return false; // the client refused the certificate and closed the handshake
        }
    }
}
