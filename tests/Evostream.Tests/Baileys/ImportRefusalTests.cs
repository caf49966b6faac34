using Evostream.Contracts.V1;
using Evostream.Platform.Credentials;
using Evostream.Tests.Execution;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Baileys;

/// <summary>The connector hands an imported Baileys auth state only to the Baileys transport, and refuses it whole elsewhere.</summary>
public sealed class ImportRefusalTests(EmbeddedStack stack)
{
    [Fact]
    public async Task An_auth_state_for_another_transport_is_refused_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("bimr")));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var (_, run) = h.Start(new FakeDriver(), cts.Token);
        h.Send(new CommandEnvelope
        {
            CommandId = "import-1",
            Instance = "moved",
            CreateInstance = new CreateInstance { TokenSha256 = new string('a', 64), BaileysAuthSealed = new CredentialsCipher(h.Keys).SealText("{\"creds\":{}}", "moved") },
        });
        var rejected = Assert.Single(h.Events("command.rejected", 1)).CommandRejected;
        Assert.Equal("baileysAuthSealed", rejected.Field);
        Assert.Contains("the fake transport takes no Baileys auth state", rejected.Reason, StringComparison.Ordinal);

        // Nothing was created: the instance does not exist for the next command, and no credentials were stored.
        h.Send(ConnectorHarness.Text("moved", "after", "hello"));
        Assert.Equal(2, h.Events("command.rejected", 2).Count);
        Assert.DoesNotContain(h.Events("instance.create", 0, TimeSpan.FromSeconds(1)), e => e.Instance == "moved");
        await cts.CancelAsync();
        await run;
    }
}
