using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Platform.Configuration;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Execution;

public class CredentialsTests(EmbeddedStack stack)
{
    [Fact]
    public async Task Session_credentials_are_stored_encrypted_and_a_rotated_key_still_opens_them()
    {
        var prefix = EmbeddedStack.NewPrefix("cr");
        var oldKey = CredentialKeys.NewKeyText("k1");
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(prefix), oldKey);
        var driver = new FakeDriver();
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            var (_, run) = h.Start(driver, cts.Token);
            h.Send(ConnectorHarness.Create("vault"));
            h.Events("connection.update", 1);
            await cts.CancelAsync();
            await run;
        }

        var stored = Assert.Single(h.ReadCommitted(h.Topics.Sessions, 1, TimeSpan.FromSeconds(20), ConnectorHarness.Partitions));
        var text = Encoding.UTF8.GetString(stored.Message.Value!);
        Assert.DoesNotContain("secret-creds-of-vault", text, StringComparison.Ordinal);
        Assert.StartsWith("enc:v1:k1:", text, StringComparison.Ordinal);

        // A new active key, the old one kept for reading: a new replica resumes the session from what k1 sealed.
        var rotated = new ConnectorHarness(stack.Kafka, h.Settings, CredentialKeys.NewKeyText("k2") + "," + oldKey);
        var second = new FakeDriver();
        using var again = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var (task, rerun) = rotated.Start(second, again.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!second.Open.ContainsKey("vault") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(second.Open["vault"].Linked, "the session was not resumed from the credentials sealed under the old key");
        Assert.Contains("vault", task.RunningSessions);
        await again.CancelAsync();
        await rerun;
        Assert.True(second.Open.IsEmpty, "stopping the replica must stop its sessions");
    }

    [Fact]
    public void Sealed_values_open_only_with_their_key_and_their_instance()
    {
        var keys = CredentialKeys.TryParse(CredentialKeys.NewKeyText("a"), out var k, out _) ? k : throw new InvalidOperationException();
        var cipher = new CredentialsCipher(keys);
        var sealedText = cipher.SealText("Bearer hunter2", "shop");
        Assert.DoesNotContain("hunter2", sealedText, StringComparison.Ordinal);
        Assert.Equal("Bearer hunter2", Encoding.UTF8.GetString(cipher.Open(sealedText, "shop")));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedText, "other-shop"));
        var stranger = new CredentialsCipher(CredentialKeys.Generate("b"));
        var e = Assert.ThrowsAny<CryptographicException>(() => stranger.Open(sealedText, "shop"));
        Assert.Contains("key 'a'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "EVOSTREAM_CREDENTIALS_KEYS is required outside dev mode")]
    [InlineData("k1:c2hvcnQ=", "key 'k1' is 5 bytes; AES-256 needs exactly 32")]
    [InlineData("nocolon", "entry 1 is not '<key id>:<base64 key>'")]
    public void Production_mode_refuses_a_missing_or_bad_key_and_names_the_variable(string? keys, string expected)
    {
        var reader = new ConnectorSettingsReader(name => name == ConnectorSettingsReader.KeysVariable ? keys : null);
        var e = Assert.Throws<ConfigurationException>(() => reader.Read(RunMode.Production));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("EVOSTREAM_CREDENTIALS_KEYS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connector_program_exits_with_code_2_without_a_key_in_production_mode()
    {
        var program = RepoRoot.File("src", "Connector", "bin", "Release", "net10.0", "Evostream.Connector.dll");
        Assert.True(File.Exists(program), $"build the connector first: {program}");
        var start = new ProcessStartInfo("dotnet", [program]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["EVOSTREAM_MODE"] = "production";
        start.Environment["KAFKA_BROKERS"] = stack.Kafka.BootstrapServers;
        start.Environment.Remove(ConnectorSettingsReader.KeysVariable);
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("EVOSTREAM_CREDENTIALS_KEYS is required outside dev mode", errors, StringComparison.Ordinal);
    }
}
