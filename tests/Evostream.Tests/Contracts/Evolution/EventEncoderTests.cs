using System.Text;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.WireFormat;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.Evolution;

public class EventEncoderTests
{
    private static readonly EventPublishing s_both = new("evolution", PerInstanceTopics: true, GlobalTopics: true, "http://localhost:8080");

    private static EventEnvelope Connected() => new()
    {
        EventId = "0b9a8c7d-0000-4000-8000-00000000000a",
        Instance = "shop-1",
        CausationCommandId = "cmd-1",
        OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        ConnectionUpdate = new ConnectionUpdate { Instance = "shop-1", State = "open", StatusReason = 200, Wuid = "5511999999999@s.whatsapp.net" },
    };

    private static string Header(EventRecord record, string name) => record.Headers.Single(h => h.Key == name).Value;

    [Fact]
    public async Task Json_is_the_default_and_is_Evolution_s_body()
    {
        var records = await EventEncoder.Json().EncodeAsync(Connected(), s_both, ct: TestContext.Current.CancellationToken);
        Assert.Equal(["evolution.shop-1.connection.update", "evolution.global.connection.update"], records.Select(r => r.Topic));
        Assert.All(records, r => Assert.Equal(EvolutionHeaders.JsonContentType, Header(r, EvolutionHeaders.ContentType)));
        Assert.StartsWith("""{"event":"connection.update","instance":"shop-1","data":{"instance":"shop-1","state":"open","statusReason":200""", Encoding.UTF8.GetString(records[0].Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Protobuf_records_carry_the_wire_format_and_read_back_whole()
    {
        await using var registry = await FakeSchemaRegistry.StartAsync();
        using var client = SchemaRegistryClients.Create(registry.Url, null);
        var encoder = EventEncoder.Protobuf(client);
        var records = await encoder.EncodeAsync(Connected(), s_both, ct: TestContext.Current.CancellationToken);

        Assert.Equal(2, records.Count);
        Assert.Equal(["evolution.shop-1.connection.update", "evolution.global.connection.update"], records.Select(r => r.Topic));
        Assert.Equal(["shop-1", "shop-1-connection.update"], records.Select(r => r.Key));
        foreach (var record in records)
        {
            Assert.Equal(ConfluentWireFormat.MagicByte, record.Value[0]);
            Assert.Equal(EvolutionHeaders.ProtobufContentType, Header(record, EvolutionHeaders.ContentType));
            Assert.Equal("connection.update", Header(record, EvolutionHeaders.Event));
            Assert.Equal("cmd-1", Header(record, EvolutionHeaders.CausationId));
            var read = await new ProtobufWireDeserializer<EventEnvelope>().DeserializeAsync(record.Value, TestContext.Current.CancellationToken);
            var expected = Connected();
            expected.Event = "connection.update";
            Assert.Equal(expected, read);
        }
    }
}
