namespace Evostream.Tests.Configuration;

/// <summary>Syntactically complete PEM blocks; their contents are never parsed by these tests.</summary>
internal static class Pem
{
    public const string Certificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTestOnlyNotARealCertificate0wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n";
    public const string Key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wTestOnlyNotARealKey00000\n-----END PRIVATE KEY-----\n";
}
