using System.Diagnostics;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Simulator;

namespace Evostream.Tests.Simulator;

public sealed class SimulatorDurabilityTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_second_network_over_the_same_journal_knows_what_went_out_and_who_is_linked()
    {
        var journal = Directory.CreateTempSubdirectory("evostream-sim-journal-").FullName;
        try
        {
            var options = new SimulatorOptions(Seed: 7, JournalDirectory: journal);
            byte[] credentials;
            byte[] unlinkedCredentials;
            using (var first = new SimulatorHarness(options))
            {
                (var session, credentials) = await first.LinkAsync("a", SimulatorHarness.Owner);
                Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "1", "3EB0J0000001"), None));
                (var other, unlinkedCredentials) = await first.LinkAsync("b", "5511922220000");
                await other.LogoutAsync(None);
                first.Control.Ban("5511911110000");

                // "Killed" here: nothing is disposed in order, the journal is all that survives.
            }

            using var second = new SimulatorHarness(options);
            var resumed = await second.OpenAsync("a", credentials);
            Assert.Equal(SendCheck.Sent, await resumed.CheckSentAsync("3EB0J0000001", None));
            Assert.Equal(SendCheck.NotSent, await resumed.CheckSentAsync("3EB0J0000002", None));
            Assert.Equal("open", SimulatorHarness.Events(SimulatorHarness.Drain(resumed)).Last().ConnectionUpdate.State);

            // A resend of the journaled id is recognised, not sent again.
            Assert.Equal("already sent", Assert.IsType<DriverResult.Done>(await resumed.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "1", "3EB0J0000001"), None)).Detail);

            var loggedOut = await second.OpenAsync("b", unlinkedCredentials);
            Assert.Equal(401, Assert.Single(SimulatorHarness.Drain(loggedOut).OfType<SessionSignal.Ended>()).StatusReason);
            Assert.False(second.Control.ScanQr("2@nothing", "5511911110000").Ok);

            // A torn last line (kill -9 mid-write) is ignored and does not swallow the next record.
            await File.AppendAllTextAsync(Path.Combine(journal, "simulator.journal"), "S 3EB0TORN", TestContext.Current.CancellationToken);
            using (var third = new SimulatorHarness(options))
            {
                var s = await third.OpenAsync("a", credentials);
                Assert.IsType<DriverResult.Done>(await s.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "2", "3EB0J0000003"), None));
            }

            using var fourth = new SimulatorHarness(options);
            var last = await fourth.OpenAsync("a", credentials);
            Assert.Equal(SendCheck.Sent, await last.CheckSentAsync("3EB0J0000003", None));
            Assert.Equal(SendCheck.NotSent, await last.CheckSentAsync("3EB0TORN", None));
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    [Fact]
    public async Task Networks_sharing_a_journal_append_without_overwriting_and_see_each_others_sends()
    {
        var journal = Directory.CreateTempSubdirectory("evostream-sim-shared-").FullName;
        try
        {
            var options = new SimulatorOptions(Seed: 9, JournalDirectory: journal, RecipientBurst: 100_000, WarmUpDailyLimit: 100_000);
            byte[] credentials;
            using (var linking = new SimulatorHarness(options))
            {
                (_, credentials) = await linking.LinkAsync("a", SimulatorHarness.Owner);
            }

            // Two replicas of one network, as two connector processes are: each has its own handle on the journal.
            using var first = new SimulatorHarness(options);
            using var second = new SimulatorHarness(options);
            var one = await first.OpenAsync("a", credentials);
            var two = await second.OpenAsync("a", credentials);
            var ids = Enumerable.Range(0, 200).Select(i => $"3EB0SH{i:D6}").ToList();
            await Task.WhenAll(
                Task.Run(async () => { foreach (var id in ids.Where((_, i) => i % 2 == 0)) { await one.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "x", id), None); } }, TestContext.Current.CancellationToken),
                Task.Run(async () => { foreach (var id in ids.Where((_, i) => i % 2 == 1)) { await two.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "x", id), None); } }, TestContext.Current.CancellationToken));

            var lines = await File.ReadAllLinesAsync(Path.Combine(journal, "simulator.journal"), TestContext.Current.CancellationToken);
            Assert.Equal(ids.Order(), lines.Where(l => l.StartsWith("S ", StringComparison.Ordinal)).Select(l => l[2..]).Order());

            // A send the other replica made after this one started is known, and not made again.
            Assert.Equal(SendCheck.Sent, await one.CheckSentAsync(ids[1], None));
            Assert.Equal("already sent", Assert.IsType<DriverResult.Done>(await two.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "x", ids[0]), None)).Detail);
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    [Fact]
    public async Task The_same_seed_and_inputs_give_the_same_events()
    {
        Assert.Equal(await ScriptAsync(11), await ScriptAsync(11));
        Assert.NotEqual(await ScriptAsync(11), await ScriptAsync(12));
    }

    private static async Task<List<string>> ScriptAsync(long seed)
    {
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: seed, ReadDelay: TimeSpan.FromSeconds(3), QrCodeLimit: 3));
        var all = new List<Evostream.Contracts.V1.EventEnvelope>();
        var session = await sim.OpenAsync("a");
        all.AddRange(((DriverResult.Done)await session.ConnectAsync("5511999990001", None)).Events);
        sim.Clock.Advance(TimeSpan.FromSeconds(60));
        all.AddRange(SimulatorHarness.Events(SimulatorHarness.Drain(session)));
        sim.Control.EnterPairingCode(sim.Control.Status()[0].PairingCode);
        all.AddRange(SimulatorHarness.Events(SimulatorHarness.Drain(session)));
        all.AddRange(((DriverResult.Done)await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "x", "3EB0DE000001"), None)).Events);
        sim.Control.SendText(SimulatorHarness.Maria, "5511999990001", "reply");
        sim.Control.AddToGroup(SimulatorHarness.Maria, "5511999990001", "g", null);
        sim.Clock.Advance(TimeSpan.FromSeconds(10));
        all.AddRange(SimulatorHarness.Events(SimulatorHarness.Drain(session)));
        return [.. all.Select(e => e.ToString())];
    }

    [Fact]
    public async Task Linked_instances_leave_no_pending_work_behind()
    {
        const int count = 500;
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: 1));
        var sessions = new List<IWhatsAppSession>(count);

        // Warm up code paths (QRCoder, JIT) before measuring.
        var (warm, _) = await sim.LinkAsync("warm", "5511800000000");
        sessions.Add(warm);
        SimulatorHarness.Drain(warm);
        for (var i = 0; i < count; i++)
        {
            var (session, _) = await sim.LinkAsync($"i{i}", (5511810000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            SimulatorHarness.Drain(session);
            sessions.Add(session);
        }

        // Linked sessions keep no QR state; the cancelled refreshes leave the queue once due.
        sim.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, sim.Network.PendingWork);
        // Memory per instance is measured by `./evostream bench --only memory`, not here: other tests share this process's heap.
    }
}
