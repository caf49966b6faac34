using Evostream.Contracts.Ids;
using System.Diagnostics;
using System.Text;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Baileys;
using Evostream.Connector.Drivers.Baileys.Hosting;
using Evostream.Connector.Execution;
using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evostream.Tests.Baileys;

/// <summary>The Baileys driver, its supervised sidecar and real Baileys against crabline.</summary>
public sealed class BaileysDriverTests(ITestOutputHelper output)
{
    private const string Peer = "15551234567@s.whatsapp.net";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    private static BaileysOptions Options(string? url) => new(
        RepoRoot.File("src", "Connector", "Drivers", "Baileys", "sidecar"), "node", url, "warn", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));

    private static BaileysDriver Driver(BaileysSidecar sidecar) => new(sidecar, TimeProvider.System, NullLoggerFactory.Instance);

    private static CommandEnvelope SendText(string commandId, string text) => new()
    {
        CommandId = commandId,
        Instance = "crab",
        SendText = new SendText { Number = "15551234567", Text = text },
    };

    [Fact]
    public async Task A_linked_state_opens_sends_with_our_id_receives_and_resumes_after_the_sidecar_is_killed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var crab = await Crabline.StartAsync(ct);
        var auth = await crab.LinkedAuthAsync(ct);
        await using var sidecar = new BaileysSidecar(Options(crab.WebSocketUrl), NullLogger<BaileysSidecar>.Instance);
        var driver = Driver(sidecar);
        await using var session = (BaileysSession)await driver.OpenAsync(new SessionStart("crab", "instance-id", Encoding.UTF8.GetBytes(auth)), ct);
        var signals = new SignalLog(session);

        var open = await signals.WaitAsync(s => s is SessionSignal.Event { Envelope.ConnectionUpdate.State: "open" }, s_wait, ct);
        Assert.Equal(crab.SelfJid, ((SessionSignal.Event)open).Envelope.ConnectionUpdate.Wuid);

        // A send carries the id derived from the command id, and crabline decrypts it.
        var firstId = CommandIds.MessageId("cmd-1");
        var result = await session.ExecuteAsync(new DriverRequest(SendText("cmd-1", "hello from evostream"), firstId), ct);
        var done = Assert.IsType<DriverResult.Done>(result);
        Assert.Equal(firstId, done.MessageId);
        Assert.Equal(Peer, done.RemoteJid);
        var sent = Assert.Single(done.Events);
        Assert.Equal("send.message", sent.Event);
        Assert.Equal(firstId, sent.SendMessage.Key.Id);
        Assert.Equal("hello from evostream", sent.SendMessage.Message.Conversation);
        var accepted = await Eventually(() => crab.Accepted(firstId), ct);
        Assert.Equal("hello from evostream", accepted["body"]!["message"]!["conversation"]!.GetValue<string>());

        // An inbound text arrives as messages.upsert through the session's signals.
        await crab.InjectAsync(Peer, "hi from the phone", ct);
        var upsert = (SessionSignal.Event)await signals.WaitAsync(
            s => s is SessionSignal.Event { Envelope.MessagesUpsert.Message.Conversation: "hi from the phone" }, s_wait, ct);
        Assert.Equal("messages.upsert", upsert.Envelope.Event);
        Assert.False(upsert.Envelope.MessagesUpsert.Key.FromMe);
        Assert.Equal(Peer, upsert.Envelope.MessagesUpsert.Key.RemoteJid);
        Assert.DoesNotContain(signals.All, s => s is SessionSignal.Event { Envelope.MessagesUpsert.Key.Id: var id } && id == firstId);

        // The Signal session lives in the credentials handed to the connector.
        var credentials = signals.All.OfType<SessionSignal.CredentialsChanged>().Last();
        Assert.Contains("\"session-", Encoding.UTF8.GetString(credentials.Credentials.Span), StringComparison.Ordinal);
        output.WriteLine($"credentials: {session.CredentialWrites} writes, {session.CredentialBytes} bytes before the kill; last state {credentials.Credentials.Length} bytes");

        // kill -9 the sidecar alone: the supervisor starts another one and resumes the session from its auth state.
        var pid = sidecar.ProcessId ?? throw new InvalidOperationException("no sidecar is running");
        var opensBefore = signals.Count(s => s is SessionSignal.Event { Envelope.ConnectionUpdate.State: "open" });
        Process.GetProcessById(pid).Kill();
        await signals.WaitAsync(_ => signals.Count(s => s is SessionSignal.Event { Envelope.ConnectionUpdate.State: "open" }) > opensBefore, s_wait, ct);
        Assert.Equal(1, sidecar.Restarts);
        Assert.NotEqual(pid, sidecar.ProcessId);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));

        var bytesBefore = session.CredentialBytes;
        var writesBefore = session.CredentialWrites;
        var secondId = CommandIds.MessageId("cmd-2");
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(new DriverRequest(SendText("cmd-2", "after the sidecar died"), secondId), ct));
        var moved = await Eventually(() => crab.Accepted(secondId), ct);
        Assert.Equal("after the sidecar died", moved["body"]!["message"]!["conversation"]!.GetValue<string>());

        // Measured: credential bytes written per message on an established session.
        const int Sends = 5;
        var measuredBytes = session.CredentialBytes;
        var measuredWrites = session.CredentialWrites;
        for (var i = 0; i < Sends; i++)
        {
            var id = CommandIds.MessageId($"cmd-m{i}");
            Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(new DriverRequest(SendText($"cmd-m{i}", $"measure {i}"), id), ct));
            await Eventually(() => crab.Accepted(id), ct);
        }

        output.WriteLine($"after the restart: {session.CredentialWrites - writesBefore} writes, {session.CredentialBytes - bytesBefore} bytes (one send)");
        output.WriteLine($"per message over {Sends} sends: {(session.CredentialWrites - measuredWrites) / (double)Sends:0.0} writes, "
            + $"{(session.CredentialBytes - measuredBytes) / (double)Sends:0} bytes");
    }

    [Fact]
    public async Task Disposing_the_sidecar_ends_its_process()
    {
        var ct = TestContext.Current.CancellationToken;
        var sidecar = new BaileysSidecar(Options(null), NullLogger<BaileysSidecar>.Instance);
        await using (var session = await Driver(sidecar).OpenAsync(new SessionStart("idle", "id", null), ct))
        {
            var pid = sidecar.ProcessId!.Value;
            using var process = Process.GetProcessById(pid);
            await sidecar.DisposeAsync();
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.True(process.HasExited);
        }
    }

    [Fact]
    public async Task Baileys_cannot_look_sends_up_so_an_interrupted_attempt_is_an_unknown_outcome()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sidecar = new BaileysSidecar(Options(null), NullLogger<BaileysSidecar>.Instance);
        var driver = Driver(sidecar);
        Assert.Equal("WHATSAPP-BAILEYS", driver.Integration);
        Assert.Equal(DriverCapabilities.None, driver.Capabilities & DriverCapabilities.SendLookup);
        await using var session = await driver.OpenAsync(new SessionStart("unlinked", "id", null), ct);
        Assert.Equal(SendCheck.Unknown, await session.CheckSentAsync(CommandIds.MessageId("x"), ct));

        // Not linked: a send is refused at once, naming the state, not attempted.
        var result = await session.ExecuteAsync(new DriverRequest(SendText("cmd-x", "hi"), CommandIds.MessageId("cmd-x")), ct);
        var failed = Assert.IsType<DriverResult.Failed>(result);
        Assert.Contains("not connected", failed.Reason, StringComparison.Ordinal);

        // A second session for the same instance in this process is refused.
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await driver.OpenAsync(new SessionStart("unlinked", "id", null), ct));
    }

    [Fact]
    public async Task Credentials_that_are_not_an_auth_state_are_refused_naming_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sidecar = new BaileysSidecar(Options(null), NullLogger<BaileysSidecar>.Instance);
        var e = await Assert.ThrowsAsync<SidecarException>(async () =>
            await Driver(sidecar).OpenAsync(new SessionStart("broken", "id", Encoding.UTF8.GetBytes("{\"v\":7}")), ct));
        Assert.Equal("bad-auth", e.Code);
        Assert.Equal("auth", e.Field);
    }

    private static async Task<T> Eventually<T>(Func<T?> probe, CancellationToken ct) where T : class
    {
        var deadline = DateTime.UtcNow + s_wait;
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
}

/// <summary>Reads a session's signals in the background, keeping them all.</summary>
internal sealed class SignalLog
{
    private readonly List<SessionSignal> _all = [];

    public SignalLog(IWhatsAppSession session) => _ = Task.Run(async () =>
    {
        await foreach (var signal in session.Signals.ReadAllAsync())
        {
            lock (_all)
            {
                _all.Add(signal);
            }
        }
    });

    public IReadOnlyList<SessionSignal> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public int Count(Func<SessionSignal, bool> match) => All.Count(match);

    public async Task<SessionSignal> WaitAsync(Func<SessionSignal, bool> match, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (All.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50, ct);
        }

        throw new TimeoutException("the signal did not come: " + string.Join(", ", All.Select(s => s is SessionSignal.Event e ? e.Envelope.Event : s.GetType().Name)));
    }
}
