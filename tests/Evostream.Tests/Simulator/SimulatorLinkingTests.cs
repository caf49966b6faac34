using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Drivers.Simulator.Linking;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Simulator;

public sealed class SimulatorLinkingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task First_qr_lives_60_s_then_each_refresh_20_s_with_a_rising_count()
    {
        using var sim = new SimulatorHarness();
        var session = await sim.OpenAsync("a");
        var done = Assert.IsType<DriverResult.Done>(await session.ConnectAsync(null, None));
        var first = done.Events.Single(e => e.Event == "qrcode.updated").QrcodeUpdated.Qrcode;
        Assert.StartsWith("2@", first.Code);
        Assert.Equal(4, first.Code[2..].Split(',').Length);
        Assert.Equal(1u, first.Count);
        Assert.False(first.HasPairingCode);
        Assert.Contains(done.Events, e => e.Event == "connection.update" && e.ConnectionUpdate.State == "connecting");

        sim.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(SimulatorHarness.Drain(session));
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(session))).QrcodeUpdated.Qrcode;
        Assert.Equal(2u, second.Count);
        Assert.NotEqual(first.Code, second.Code);

        sim.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(SimulatorHarness.Drain(session));
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3u, Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(session))).QrcodeUpdated.Qrcode.Count);

        // The old QR no longer links.
        Assert.False(sim.Control.ScanQr(first.Code, SimulatorHarness.Owner).Ok);
    }

    [Fact]
    public async Task After_QRCODE_LIMIT_codes_linking_is_refused()
    {
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: 1, QrCodeLimit: 3));
        var session = await sim.OpenAsync("a");
        await session.ConnectAsync(null, None);
        // Step by step, as a real clock passes each due time (one jump would fire the 60 s timer late, at 80 s).
        sim.Clock.Advance(TimeSpan.FromSeconds(60));
        sim.Clock.Advance(TimeSpan.FromSeconds(20));
        var counts = SimulatorHarness.Events(SimulatorHarness.Drain(session)).Select(e => e.QrcodeUpdated.Qrcode.Count).ToList();
        Assert.Equal([2u, 3u], counts);

        sim.Clock.Advance(TimeSpan.FromSeconds(20));
        var end = SimulatorHarness.Events(SimulatorHarness.Drain(session));
        Assert.Equal(["qrcode.updated", "connection.update"], end.Select(e => e.Event));
        Assert.Equal(500, end[0].QrcodeUpdated.StatusCode);
        Assert.Contains("limit", end[0].QrcodeUpdated.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("refused", end[1].ConnectionUpdate.State);

        // Nothing more is scheduled for it, and a new connect starts over at count 1.
        sim.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(SimulatorHarness.Drain(session));
        var again = Assert.IsType<DriverResult.Done>(await session.ConnectAsync(null, None));
        Assert.Equal(1u, again.Events.Single(e => e.Event == "qrcode.updated").QrcodeUpdated.Qrcode.Count);
    }

    [Fact]
    public async Task The_qr_png_reads_back_as_the_ref_string()
    {
        using var sim = new SimulatorHarness();
        var session = await sim.OpenAsync("a");
        var done = Assert.IsType<DriverResult.Done>(await session.ConnectAsync(null, None));
        var qr = done.Events.Single(e => e.Event == "qrcode.updated").QrcodeUpdated.Qrcode;
        Assert.StartsWith(QrImage.DataUrlPrefix, qr.Base64);

        Assert.Equal(qr.Code, QrPng.DecodeDataUrl(qr.Base64));
        Assert.Equal(sim.Control.Status().Single(s => s.Instance == "a").QrCode, qr.Code);

        // The next QR is another image of another text, and reads back as that.
        sim.Clock.Advance(TimeSpan.FromSeconds(60));
        var next = Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(session))).QrcodeUpdated.Qrcode;
        Assert.NotEqual(qr.Code, next.Code);
        Assert.Equal(next.Code, QrPng.DecodeDataUrl(next.Base64));
    }

    [Fact]
    public async Task A_pairing_code_for_a_number_links_that_number_when_typed()
    {
        using var sim = new SimulatorHarness();
        var session = await sim.OpenAsync("a");
        var done = Assert.IsType<DriverResult.Done>(await session.ConnectAsync("+55 11 99999-0001", None));
        var code = done.Events.Single(e => e.Event == "qrcode.updated").QrcodeUpdated.Qrcode.PairingCode;
        Assert.Equal(8, code.Length);
        Assert.All(code, ch => Assert.Contains(ch, PairingCode.Alphabet));
        Assert.Contains("\"pairingCode\":\"" + code + "\"", done.Detail, StringComparison.Ordinal);

        Assert.False(sim.Control.EnterPairingCode("ZZZZZZZZ").Ok);
        Assert.False(sim.Control.EnterPairingCode("short").Ok);
        var linked = sim.Control.EnterPairingCode(code[..4].ToLowerInvariant() + "-" + code[4..]);
        Assert.True(linked.Ok, linked.Error);

        var signals = SimulatorHarness.Drain(session);
        var credentials = Assert.Single(signals.OfType<SessionSignal.CredentialsChanged>());
        Assert.Equal(SimulatorHarness.Owner, SimulatorCredentials.Open(credentials.Credentials.Span, 42)!.Number);
        var open = SimulatorHarness.Events(signals).Single(e => e.Event == "connection.update");
        Assert.Equal("open", open.ConnectionUpdate.State);
        Assert.Equal(SimulatorHarness.Owner + "@s.whatsapp.net", open.ConnectionUpdate.Wuid);

        // Linked: the QR refresh is forgotten.
        sim.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(SimulatorHarness.Drain(session));
    }

    [Fact]
    public async Task Connect_with_a_bad_number_names_it()
    {
        using var sim = new SimulatorHarness();
        var session = await sim.OpenAsync("a");
        var failed = Assert.IsType<DriverResult.Failed>(await session.ConnectAsync("12ab", None));
        Assert.Equal("number", failed.Field);
        Assert.Contains("12ab", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_the_current_qr_and_scanning_it_links()
    {
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: 3, FirstQrValidity: TimeSpan.FromSeconds(60)));
        var session = await sim.OpenAsync("a");
        await session.ConnectAsync(null, None);
        var status = Assert.Single(sim.Control.Status());
        Assert.Equal("connecting", status.State);
        Assert.True(sim.Control.ScanQr(status.QrCode, SimulatorHarness.Owner).Ok);
        Assert.Equal("open", Assert.Single(sim.Control.Status()).State);
    }

    [Fact]
    public async Task A_second_session_on_the_same_number_replaces_the_first_with_440()
    {
        using var sim = new SimulatorHarness();
        var (first, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        var (second, _) = await sim.LinkAsync("b", SimulatorHarness.Owner);

        var signals = SimulatorHarness.Drain(first);
        var close = SimulatorHarness.Events(signals).Single(e => e.Event == "connection.update");
        Assert.Equal(("close", 440), (close.ConnectionUpdate.State, close.ConnectionUpdate.StatusReason));
        Assert.Equal(440, Assert.Single(signals.OfType<SessionSignal.Ended>()).StatusReason);

        // The older session can no longer send; the newer one can.
        Assert.IsType<DriverResult.Failed>(await first.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "hi", "3EB0AAAA0001"), None));
        Assert.IsType<DriverResult.Done>(await second.ExecuteAsync(SimulatorHarness.Text("b", SimulatorHarness.Maria, "hi", "3EB0AAAA0002"), None));
    }

    [Fact]
    public async Task Stored_credentials_resume_in_a_new_network_with_the_same_seed_only()
    {
        byte[] credentials;
        using (var sim = new SimulatorHarness())
        {
            (_, credentials) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        }

        using var restarted = new SimulatorHarness();
        var session = await restarted.OpenAsync("a", credentials);
        var states = SimulatorHarness.Events(SimulatorHarness.Drain(session)).Select(e => e.ConnectionUpdate.State);
        Assert.Equal(["connecting", "open"], states);
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "back", "3EB0BBBB0001"), None));

        using var otherSeed = new SimulatorHarness(new SimulatorOptions(Seed: 43));
        var refused = await otherSeed.OpenAsync("a", credentials);
        var signals = SimulatorHarness.Drain(refused);
        Assert.Equal("close", SimulatorHarness.Events(signals).Last().ConnectionUpdate.State);
        Assert.Single(signals.OfType<SessionSignal.Ended>());

        var tampered = (byte[])credentials.Clone();
        tampered[20] ^= 1;
        var bad = await restarted.OpenAsync("c", tampered);
        Assert.Single(SimulatorHarness.Drain(bad).OfType<SessionSignal.Ended>());
    }

    [Fact]
    public async Task One_open_session_per_instance_in_a_process()
    {
        using var sim = new SimulatorHarness();
        await using var session = await sim.OpenAsync("a");
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await sim.OpenAsync("a"));
        await session.StopAsync(None);
        await session.DisposeAsync();
        await using var again = await sim.OpenAsync("a");
        Assert.Equal("a", again.Instance);
    }
}
