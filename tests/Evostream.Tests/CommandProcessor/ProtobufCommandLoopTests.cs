using System.Text;
using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Output;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.WireFormat;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.CommandProcessor;

/// <summary>Commands in the Schema Registry wire format go through the processor exactly as their JSON twins do.</summary>
public class ProtobufCommandLoopTests(EmbeddedStack stack)
{
    [Fact]
    public async Task Protobuf_commands_are_accepted_and_rejected_like_the_same_commands_in_json()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        using var registry = SchemaRegistryClients.Create(fake.Url, null);
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults) { Registry = registry };
        h.CreateEventTopics("shop");
        h.Connector("shop", "open");
        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var rejected = h.Tail(h.Topics.RejectedCommands);
        var serializer = new ProtobufWireSerializer<CommandEnvelope>(registry);
        var ct = TestContext.Current.CancellationToken;
        async Task<byte[]> Wire(string instance, string commandId, SendText send) =>
            await serializer.SerializeAsync(new CommandEnvelope { Instance = instance, CommandId = commandId, SendText = send }, h.Topics.Commands, cancellationToken: ct);
        static byte[] Json(string instance, string commandId, string number, string text) =>
            Encoding.UTF8.GetBytes($$"""{"command":"sendText","instance":"{{instance}}","commandId":"{{commandId}}","number":"{{number}}","text":"{{text}}"}""");
        var tooLong = new string('t', 4097);

        h.Commands([
            await Wire("shop", "p-ok", new SendText { Number = "+55 11 99999-0000", Text = "hi" }), Json("shop", "j-ok", "+55 11 99999-0000", "hi"),
            await Wire("shop", "p-long", new SendText { Number = "5511999990000", Text = tooLong }), Json("shop", "j-long", "5511999990000", tooLong),
            await Wire("shop", "p-number", new SendText { Number = "12", Text = "hi" }), Json("shop", "j-number", "12", "hi"),
        ]);
        h.Commands([await Wire("ghost", "p-ghost", new SendText { Number = "5511999990000", Text = "hi" }), Json("ghost", "j-ghost", "5511999990000", "hi")], key: "ghost");
        // A wire-format record whose schema id the registry has never issued can never be read.
        h.Commands([ConfluentWireFormat.Encode(987_654, MessageIndexes.Of(CommandEnvelope.Descriptor), new CommandEnvelope { Instance = "shop" })]);
        var (run, stop) = h.Start();
        var released = accepted.WaitFor(2);
        var refused = rejected.WaitFor(7).ToDictionary(
            r => TopicTail.Header(r, CommandHeaders.CommandId), r => (TopicTail.Header(r, CommandHeaders.RejectionReason), TopicTail.Header(r, CommandHeaders.HttpStatus)));
        await stop.CancelAsync();
        await run;

        Assert.Equal(["p-ok", "j-ok"], released.Select(r => TopicTail.Header(r, CommandHeaders.CommandId)));
        Assert.All(released, r => Assert.Contains("\"number\":\"5511999990000\"", Encoding.UTF8.GetString(r.Message.Value!), StringComparison.Ordinal));
        Assert.Equal(7, refused.Count);
        Assert.Equal(("'text' is 4,097 characters long; WhatsApp allows at most 4,096", "400"), refused["p-long"]);
        Assert.Equal(refused["p-long"], refused["j-long"]);
        Assert.Equal(("'number' '12' has 2 digits; a number with country code has 7 to 15", "400"), refused["p-number"]);
        Assert.Equal(refused["p-number"], refused["j-number"]);
        Assert.Equal(("'instance' 'ghost' does not exist", "404"), refused["p-ghost"]);
        Assert.Equal(refused["p-ghost"], refused["j-ghost"]);
        var unknownSchema = Assert.Single(refused, r => !r.Key.StartsWith('p') && !r.Key.StartsWith('j')).Value;
        Assert.Equal(("is not a readable record: the Schema Registry answered HTTP 404: Schema 987654 not found; error code: 40403", "400"), unknownSchema);
    }
}
