namespace Evostream.Tests.Deployment;

/// <summary>The file names eng/kafka-secrets.sh writes; the compose file has to refer to these and no others.</summary>
internal static class KafkaSecretsScript
{
    public const string RelativePath = "eng/kafka-secrets.sh";
    public const string Keystore = "kafka.keystore.p12";
    public const string KeystorePassword = "keystore-password";
    public const string Jaas = "kafka_server_jaas.conf";
    public const string CaCertificate = "ca.crt";

    /// <summary>Where the apache/kafka image looks for the files its KAFKA_SSL_*_FILENAME/_CREDENTIALS variables name.</summary>
    public const string BrokerSecretsDir = "/etc/kafka/secrets";

    public static readonly IReadOnlyList<string> BrokerFiles = [Keystore, KeystorePassword, Jaas];
}
