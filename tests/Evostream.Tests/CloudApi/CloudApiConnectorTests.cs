using System.Text;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.CloudApi;
using Evostream.Connector.Execution;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Tests.Execution;
using Evostream.Tests.Infrastructure;
using Google.Protobuf;

namespace Evostream.Tests.CloudApi;

/// <summary>
/// The connector with the transports of a production build (the Cloud API only, no simulator) against a Graph API
/// fake on Kestrel: dispatch by integration, sends with the instance's token, wamids in the ledger, capabilities,
/// Graph errors, bounded retries and a timeout that is reported, never repeated.
/// </summary>
public sealed class CloudApiConnectorTests(EmbeddedStack stack)
{
    private const string Token = "EAA-test-access-token-0123456789";
    private const string PhoneNumberId = "100000000000001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_business_instance_sends_through_the_Graph_API_with_its_token_and_commands_it_cannot_do_are_refused_naming_the_transport()
    {
        await using var graph = await FakeGraph.StartAsync(Ct);
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("cloud")));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (_, run) = h.Start(Production(graph.BaseUrl), cts.Token);
        h.Send(
            Business(h, "biz"),
            new CommandEnvelope { CommandId = "bail", Instance = "bail", CreateInstance = new CreateInstance { Integration = "WHATSAPP-BAILEYS", TokenSha256 = new string('b', 64) } },
            new CommandEnvelope { CommandId = "plain", Instance = "plain", CreateInstance = new CreateInstance { TokenSha256 = new string('c', 64) } },
            ConnectorHarness.Text("biz", "hello", "hello graph"),
            new CommandEnvelope { CommandId = "qr", Instance = "biz", ConnectInstance = new ConnectInstance() },
            new CommandEnvelope { CommandId = "group", Instance = "biz", CreateGroup = new CreateGroup { Subject = "s", Participants = { "5511988887777" } } },
            new CommandEnvelope { CommandId = "presence", Instance = "biz", SetPresence = new SetPresence { Presence = "available" } },
            new CommandEnvelope { CommandId = "poll", Instance = "biz", SendPoll = new SendPoll { Number = "5511988887777", Name = "q", Values = { "a", "b" }, SelectableCount = 1 } });

        var executed = h.Events("command.executed", 2);
        var rejected = h.Events("command.rejected", 6);
        var sent = h.Events("send.message", 1);
        var opened = h.Events("connection.update", 1);
        var ledger = h.ReadCommitted(h.Topics.CommandLedger, 3, partitions: ConnectorHarness.Partitions);
        var sessions = h.ReadCommitted(h.Topics.Sessions, 1, partitions: ConnectorHarness.Partitions);
        await cts.CancelAsync();
        await run;

        Assert.Equal("cloud-api", executed.Single(e => e.CausationCommandId == "create-biz").CommandExecuted.Detail);
        Assert.Equal("open", Assert.Single(opened, e => e.Instance == "biz").ConnectionUpdate.State);

        var request = Assert.Single(graph.Requests);
        Assert.Equal($"/v25.0/{PhoneNumberId}/messages", request.Path);
        Assert.Equal("Bearer " + Token, request.Authorization);
        Assert.Equal("5511988887777", request.Body["to"]!.GetValue<string>());
        Assert.Equal("hello graph", request.Body["text"]!["body"]!.GetValue<string>());

        // Meta's wamid is the message's key id, in the answer and in the ledger (command id -> wamid).
        var send = Assert.Single(sent).SendMessage;
        Assert.StartsWith("wamid.FAKEGRAPH", send.Key.Id, StringComparison.Ordinal);
        Assert.Equal("5511988887777@s.whatsapp.net", send.Key.RemoteJid);
        Assert.Equal("hello graph", send.Message.Conversation);
        Assert.Equal(send.Key.Id, executed.Single(e => e.CausationCommandId == "hello").CommandExecuted.MessageId);
        var entries = ledger.Where(r => r.Message.Value is { Length: > 0 }).Select(r => LedgerEntry.Parser.ParseFrom(r.Message.Value)).ToList();
        Assert.Contains(entries, e => e.CommandId == "hello" && e.State == "done" && e.MessageId == send.Key.Id);

        // The token is stored sealed with the session credentials, bound to the instance, and nowhere in plain.
        var stored = Encoding.UTF8.GetString(Assert.Single(sessions, r => Encoding.UTF8.GetString(r.Message.Key!) == "biz").Message.Value!);
        Assert.StartsWith(CredentialsCipher.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, stored, StringComparison.Ordinal);
        Assert.Equal(Token, Encoding.UTF8.GetString(new CredentialsCipher(h.Keys).Open(stored, "biz")));

        string Reason(string id, int status)
        {
            var r = rejected.Single(e => e.CausationCommandId == id).CommandRejected;
            Assert.Equal(status, r.HttpStatus);
            return r.Reason;
        }

        Assert.Contains("WHATSAPP-BAILEYS integration's Baileys transport is not registered in this connector", Reason("bail", 400), StringComparison.Ordinal);
        Assert.Contains("Baileys transport", Reason("plain", 400), StringComparison.Ordinal);
        Assert.Contains("the cloud-api transport (WHATSAPP-BUSINESS) cannot do connectInstance: it has no QR codes", Reason("qr", 400), StringComparison.Ordinal);
        Assert.Contains("cloud-api transport (WHATSAPP-BUSINESS) cannot do createGroup: it has no group management", Reason("group", 400), StringComparison.Ordinal);
        Assert.Contains("cannot do setPresence: it has no presence", Reason("presence", 400), StringComparison.Ordinal);
        Assert.Contains("cannot do sendPoll: it has no polls", Reason("poll", 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_errors_are_answered_with_their_reason_5xx_is_retried_within_a_bound_and_a_timeout_is_reported_never_repeated()
    {
        await using var graph = await FakeGraph.StartAsync(Ct);
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("cloud")));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // Long enough that a loaded machine answers every other request in time; "slow" never answers.
        var (_, run) = h.Start(Production(graph.BaseUrl, TimeSpan.FromSeconds(8)), cts.Token);
        h.Send(
            Business(h, "errs"),
            ConnectorHarness.Text("errs", "window", "err:131047"),
            ConnectorHarness.Text("errs", "undeliverable", "err:131026"),
            ConnectorHarness.Text("errs", "throughput", "err:130429"),
            ConnectorHarness.Text("errs", "pair", "err:131056"),
            ConnectorHarness.Text("errs", "expired", "err:190"),
            ConnectorHarness.Text("errs", "param", "err:100"),
            ConnectorHarness.Text("errs", "flaky", "flaky:2"),
            ConnectorHarness.Text("errs", "slow", "slow"),
            new CommandEnvelope { CommandId = "group-send", Instance = "errs", SendText = new SendText { Number = "120363000000000000@g.us", Text = "x" } });

        var rejected = h.Events("command.rejected", 7, TimeSpan.FromSeconds(90));
        var executed = h.Events("command.executed", 2);
        var unknown = h.Events("command.outcome-unknown", 1);
        await cts.CancelAsync();
        await run;

        string Reason(string id, int status)
        {
            var r = rejected.Single(e => e.CausationCommandId == id).CommandRejected;
            Assert.Equal(status, r.HttpStatus);
            return r.Reason;
        }

        Assert.Contains("outside the 24-hour customer service window", Reason("window", 400), StringComparison.Ordinal);
        Assert.Contains("Graph error 131047: details of 131047", Reason("window", 400), StringComparison.Ordinal);
        Assert.Contains("undeliverable", Reason("undeliverable", 400), StringComparison.Ordinal);
        Assert.Contains("throughput", Reason("throughput", 429), StringComparison.Ordinal);
        Assert.Contains("pair rate limit", Reason("pair", 429), StringComparison.Ordinal);
        Assert.Contains("access token has expired", Reason("expired", 401), StringComparison.Ordinal);
        Assert.Contains("invalid parameter", Reason("param", 400), StringComparison.Ordinal);
        Assert.Contains("cannot send to groups", Reason("group-send", 400), StringComparison.Ordinal);

        // 503 twice, then accepted: three requests for one command, one message.
        Assert.Equal(3, graph.Count("flaky:2"));
        Assert.StartsWith("wamid.", executed.Single(e => e.CausationCommandId == "flaky").CommandExecuted.MessageId, StringComparison.Ordinal);

        // No answer in time: the request may have reached Meta, so it is reported and never sent again.
        var outcome = Assert.Single(unknown).CommandOutcomeUnknown;
        Assert.Equal("slow", outcome.CommandId);
        Assert.Contains("did not answer within 8 s", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, graph.Count("slow"));
    }

    /// <summary>The transports of a production build: the Cloud API and nothing else.</summary>
    private static DriverSet Production(Uri graph, TimeSpan? timeout = null) =>
        new([CloudApiDriver.Create(new WaBusinessSettings(graph, "v25.0", "en_US", "verify", null, false), TimeProvider.System, timeout)]);

    private static CommandEnvelope Business(ConnectorHarness h, string instance) => new()
    {
        CommandId = $"create-{instance}",
        Instance = instance,
        CreateInstance = new CreateInstance
        {
            Integration = "WHATSAPP-BUSINESS",
            Number = PhoneNumberId,
            TokenSha256 = new string('a', 64),
            AccessTokenSealed = new CredentialsCipher(h.Keys).SealText(Token, instance),
        },
    };
}
