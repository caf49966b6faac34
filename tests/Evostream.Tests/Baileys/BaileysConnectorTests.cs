using Evostream.Contracts.Ids;
using System.Text;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Baileys;
using Evostream.Connector.Drivers.Baileys.Hosting;
using Evostream.Connector.Execution;
using Evostream.Contracts.V1;
using Evostream.Tests.Execution;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evostream.Tests.Baileys;

/// <summary>The Baileys driver under the real connector loop, against crabline: invariant 4 for WhatsApp Web.</summary>
public sealed class BaileysConnectorTests(EmbeddedStack stack)
{
    [Fact]
    public async Task The_auth_state_is_sealed_into_the_sessions_topic_and_another_replica_resumes_from_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var crab = await Crabline.StartAsync(ct);
        var linked = Encoding.UTF8.GetBytes(await crab.LinkedAuthAsync(ct));
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("bl")));
        var firstId = CommandIds.MessageId("bl-send-1");
        await using (var sidecar = NewSidecar(crab))
        {
            // Replica 1 opens the new instance with a linked state (standing in for an import).
            var driver = new Imported(new BaileysDriver(sidecar, TimeProvider.System, NullLoggerFactory.Instance), linked);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var (_, run) = h.Start(driver, cts.Token);
            h.Send(ConnectorHarness.Create("crab"));
            Assert.Contains(h.Events("connection.update", 1, TimeSpan.FromSeconds(60)), e => e.ConnectionUpdate.State == "open");
            h.Send(Text("bl-send-1", "sealed and sent"));
            var sent = Assert.Single(h.Events("send.message", 1, TimeSpan.FromSeconds(60)));
            Assert.Equal(firstId, sent.SendMessage.Key.Id);
            Assert.NotNull(await Eventually(() => crab.Accepted(firstId), ct));
            await cts.CancelAsync();
            await run;
        }

        // The sessions topic holds the auth state sealed, with the Signal session it grew.
        var stored = h.ReadCommitted(h.Topics.Sessions, 1, TimeSpan.FromSeconds(20), ConnectorHarness.Partitions);
        var last = Encoding.UTF8.GetString(stored[^1].Message.Value!);
        Assert.StartsWith("enc:v1:", last, StringComparison.Ordinal);
        Assert.DoesNotContain("noiseKey", last, StringComparison.Ordinal);

        // Replica 2, with a plain driver and its own sidecar, resumes from Kafka alone; its send still decrypts.
        await using (var sidecar = NewSidecar(crab))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var (_, run) = h.Start(new BaileysDriver(sidecar, TimeProvider.System, NullLoggerFactory.Instance), cts.Token, "r2");
            var secondId = CommandIds.MessageId("bl-send-2");
            // A send while the resumed session is still connecting is refused (not connected): wait for it to open.
            await Eventually(() => h.Events("connection.update", 0, TimeSpan.FromSeconds(1)).Count(e => e.ConnectionUpdate.State == "open") >= 2 ? "open" : null, ct);
            h.Send(Text("bl-send-2", "after the move"));
            var outcomes = h.Events("command.executed", 3, TimeSpan.FromSeconds(60)).Concat(h.Events("command.rejected", 0, TimeSpan.FromSeconds(1)))
                .Concat(h.Events("command.outcome-unknown", 0, TimeSpan.FromSeconds(1))).ToList();
            Assert.True(outcomes.Any(e => e.Event == "command.executed" && e.CommandExecuted.MessageId == secondId), string.Join("\n", outcomes.Select(e => e.ToString())));
            var accepted = await Eventually(() => crab.Accepted(secondId), ct);
            Assert.Equal("after the move", accepted["body"]!["message"]!["conversation"]!.GetValue<string>());
            await cts.CancelAsync();
            await run;
        }
    }

    private static BaileysSidecar NewSidecar(Crabline crab) => new(
        new BaileysOptions(RepoRoot.File("src", "Connector", "Drivers", "Baileys", "sidecar"), "node", crab.WebSocketUrl, "warn", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20)),
        NullLogger<BaileysSidecar>.Instance);

    private static CommandEnvelope Text(string commandId, string text) =>
        new() { CommandId = commandId, Instance = "crab", SendText = new SendText { Number = "15551234567", Text = text } };

    private static async Task<T> Eventually<T>(Func<T?> probe, CancellationToken ct) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("crabline did not record it in time");
    }

    /// <summary>Opens a session that has no credentials yet with a linked state, as an import would have stored.</summary>
    private sealed class Imported(BaileysDriver inner, byte[] linked) : IWhatsAppDriver
    {
        public string Integration => inner.Integration;

        public string Transport => inner.Transport;

        public DriverCapabilities Capabilities => inner.Capabilities;

        public ValueTask<IWhatsAppSession> OpenAsync(SessionStart start, CancellationToken ct) =>
            inner.OpenAsync(start.Credentials is null ? start with { Credentials = linked } : start, ct);
    }
}
