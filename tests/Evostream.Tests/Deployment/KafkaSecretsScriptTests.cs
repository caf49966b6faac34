using System.Security.Cryptography.X509Certificates;

namespace Evostream.Tests.Deployment;

/// <summary>
/// eng/kafka-secrets.sh runs in a bare Alpine container at compose-up time; here it runs under the machine's POSIX sh
/// and openssl, and what it makes is checked the way the broker (a PKCS#12 keystore) and librdkafka (CA, host name) use it.
/// </summary>
public class KafkaSecretsScriptTests
{
    private static (string Broker, string Client) Generate(params string[] hosts)
    {
        var root = Directory.CreateTempSubdirectory("evostream-kafka-secrets").FullName;
        var (broker, client) = (Path.Combine(root, "broker"), Path.Combine(root, "client"));
        Script.Run("sh", KafkaSecretsScript.RelativePath, [broker, client, .. hosts]);
        return (broker, client);
    }

    [Fact]
    public void Makes_a_keystore_the_ca_verifies_for_every_host_name_given()
    {
        var (broker, client) = Generate("kafka", "localhost");

        Assert.Equal(KafkaSecretsScript.BrokerFiles.Order(StringComparer.Ordinal), Directory.GetFiles(broker).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([KafkaSecretsScript.CaCertificate], Directory.GetFiles(client).Select(Path.GetFileName));

        var password = File.ReadAllText(Path.Combine(broker, KafkaSecretsScript.KeystorePassword)).Trim();
        using var leaf = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(broker, KafkaSecretsScript.Keystore), password, X509KeyStorageFlags.EphemeralKeySet);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(client, KafkaSecretsScript.CaCertificate));
        Assert.True(leaf.HasPrivateKey);
        Assert.True(leaf.MatchesHostname("kafka"));
        Assert.True(leaf.MatchesHostname("localhost"));
        Assert.False(leaf.MatchesHostname("schema-registry"));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new("1.3.6.1.5.5.7.3.1")); // serverAuth
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Keeps_what_it_made_on_the_next_start()
    {
        var (broker, client) = Generate("kafka");
        var ca = File.ReadAllBytes(Path.Combine(client, KafkaSecretsScript.CaCertificate));

        Script.Run("sh", KafkaSecretsScript.RelativePath, broker, client, "kafka");

        Assert.Equal(ca, File.ReadAllBytes(Path.Combine(client, KafkaSecretsScript.CaCertificate)));
    }

    [Fact]
    public void Writes_a_JAAS_file_for_SCRAM()
    {
        var (broker, _) = Generate("kafka");
        var jaas = File.ReadAllText(Path.Combine(broker, KafkaSecretsScript.Jaas));
        Assert.Contains("KafkaServer {", jaas, StringComparison.Ordinal);
        Assert.Contains("org.apache.kafka.common.security.scram.ScramLoginModule required;", jaas, StringComparison.Ordinal);
    }

    [Fact]
    public void Makes_a_keystore_Java_opens()
    {
        // The broker is a JVM; .NET reading the PKCS#12 above does not prove Java's reader agrees.
        var keytool = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "keytool")).FirstOrDefault(File.Exists);
        Assert.SkipWhen(keytool is null, "keytool is not installed, so the keystore was not opened by Java");
        var (broker, _) = Generate("kafka");

        var info = new System.Diagnostics.ProcessStartInfo(keytool!)
        {
            ArgumentList = { "-list", "-storetype", "PKCS12", "-keystore", Path.Combine(broker, KafkaSecretsScript.Keystore), "-storepass:file", Path.Combine(broker, KafkaSecretsScript.KeystorePassword) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("PrivateKeyEntry", output, StringComparison.Ordinal);
    }
}
