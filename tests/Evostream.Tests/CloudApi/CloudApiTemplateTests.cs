using System.Text.Json.Nodes;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.CloudApi;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Drivers.Simulator.Network;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Tests.Execution;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.CloudApi;

/// <summary>
/// Meta message templates through the connector: sendTemplate as a Graph "template" message (WA_BUSINESS_LANGUAGE when
/// none is named), createTemplate and findTemplates on the WABA's message_templates. crabline serves neither templates
/// nor message_templates, so the Graph side is <see cref="FakeGraph"/>, a recorded-request fake of the documented shapes.
/// </summary>
public sealed class CloudApiTemplateTests(EmbeddedStack stack)
{
    private const string Token = "EAA-template-token-0123456789";
    private const string PhoneNumberId = "100000000000002";
    private const string BusinessId = "200000000000002";
    private const string Components = """[{"type":"body","parameters":[{"type":"text","text":"John"}]}]""";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Templates_are_sent_created_and_found_through_the_Graph_API_and_refused_on_another_transport_naming_it()
    {
        await using var graph = await FakeGraph.StartAsync(Ct);
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("tmpl")));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var network = new SimulatorNetwork(new SimulatorOptions(Seed: 7), TimeProvider.System);
        var drivers = new DriverSet([
            CloudApiDriver.Create(new WaBusinessSettings(graph.BaseUrl, "v25.0", "pt_BR", "verify", null, false), TimeProvider.System),
            new SimulatorDriver(network)]);
        var (_, run) = h.Start(drivers, cts.Token);
        h.Send(
            Business(h, "biz", BusinessId),
            Business(h, "nobiz", ""),
            new CommandEnvelope { CommandId = "create-sim", Instance = "sim", CreateInstance = new CreateInstance { Integration = "WHATSAPP-BAILEYS", TokenSha256 = new string('c', 64) } },
            new CommandEnvelope { CommandId = "tpl-send", Instance = "biz", SendTemplate = new SendTemplate { Number = "5511988887777", Name = "order_update", ComponentsJson = Components } },
            new CommandEnvelope
            {
                CommandId = "tpl-create", Instance = "biz",
                CreateTemplate = new CreateTemplate { Name = "order_ready", Category = "UTILITY", Language = "en_US", ComponentsJson = """[{"type":"BODY","text":"Order {{1}} is ready"}]""" },
            },
            new CommandEnvelope { CommandId = "tpl-find", Instance = "biz", FindTemplates = new FindTemplates() },
            new CommandEnvelope { CommandId = "tpl-nobiz", Instance = "nobiz", FindTemplates = new FindTemplates() },
            new CommandEnvelope { CommandId = "tpl-sim", Instance = "sim", SendTemplate = new SendTemplate { Number = "5511988887777", Name = "order_update" } });

        var executed = h.Events("command.executed", 6);
        var rejected = h.Events("command.rejected", 2);
        var sent = h.Events("send.message", 1);
        await cts.CancelAsync();
        await run;

        // The send: type template, the default language, the components as given, Meta's wamid as the key id.
        var message = Assert.Single(graph.Requests, r => r.Path.EndsWith("/messages", StringComparison.Ordinal));
        Assert.Equal($"/v25.0/{PhoneNumberId}/messages", message.Path);
        Assert.Equal("Bearer " + Token, message.Authorization);
        Assert.Equal("template", message.Body["type"]!.GetValue<string>());
        Assert.Equal("5511988887777", message.Body["to"]!.GetValue<string>());
        Assert.Equal("order_update", message.Body["template"]!["name"]!.GetValue<string>());
        Assert.Equal("pt_BR", message.Body["template"]!["language"]!["code"]!.GetValue<string>());
        Assert.Equal(Components, message.Body["template"]!["components"]!.ToJsonString());
        var wamid = executed.Single(e => e.CausationCommandId == "tpl-send").CommandExecuted.MessageId;
        Assert.StartsWith("wamid.FAKEGRAPH", wamid, StringComparison.Ordinal);
        Assert.Equal(wamid, Assert.Single(sent, e => e.Instance == "biz").SendMessage.Key.Id);

        // Create and find go to the WABA's message_templates with the instance's token; Meta's answers are the details.
        var created = Assert.Single(graph.Requests, r => r.Path == $"/v25.0/{BusinessId}/message_templates" && !r.Body.ContainsKey("method"));
        Assert.Equal("Bearer " + Token, created.Authorization);
        Assert.Equal("""{"name":"order_ready","category":"UTILITY","allow_category_change":false,"language":"en_US","components":[{"type":"BODY","text":"Order {{1}} is ready"}]}""", created.Body.ToJsonString());
        var createdDetail = JsonNode.Parse(executed.Single(e => e.CausationCommandId == "tpl-create").CommandExecuted.Detail)!;
        Assert.Equal("PENDING", createdDetail["status"]!.GetValue<string>());
        var found = JsonNode.Parse(executed.Single(e => e.CausationCommandId == "tpl-find").CommandExecuted.Detail)!.AsArray();
        Assert.Equal("order_ready", Assert.Single(found)!["name"]!.GetValue<string>());
        Assert.Equal(createdDetail["id"]!.GetValue<string>(), found[0]!["id"]!.GetValue<string>());

        string Reason(string id) => rejected.Single(e => e.CausationCommandId == id).CommandRejected.Reason;
        Assert.Contains("no businessId", Reason("tpl-nobiz"), StringComparison.Ordinal);
        Assert.Contains("transport (WHATSAPP-BAILEYS) cannot do sendTemplate: it has no Meta message templates", Reason("tpl-sim"), StringComparison.Ordinal);
        Assert.Equal(400, rejected.Single(e => e.CausationCommandId == "tpl-sim").CommandRejected.HttpStatus);
    }

    private static CommandEnvelope Business(ConnectorHarness h, string instance, string businessId) => new()
    {
        CommandId = $"create-{instance}",
        Instance = instance,
        CreateInstance = new CreateInstance
        {
            Integration = "WHATSAPP-BUSINESS",
            Number = instance == "biz" ? PhoneNumberId : "100000000000003",
            BusinessId = businessId,
            TokenSha256 = new string('a', 64),
            AccessTokenSealed = new CredentialsCipher(h.Keys).SealText(Token, instance),
        },
    };
}
