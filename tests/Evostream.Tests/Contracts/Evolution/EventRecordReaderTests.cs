using System.Text;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;

namespace Evostream.Tests.Contracts.Evolution;

public class EventRecordReaderTests
{
    private static readonly EventPublishing s_publishing = new("evolution", PerInstanceTopics: true, GlobalTopics: false, EventSamples.ServerUrl);
    private readonly EventRecordReader _reader = new(new ProtobufWireDeserializer<EventEnvelope>());

    [Theory]
    [MemberData(nameof(EventSamples.Names), MemberType = typeof(EventSamples))]
    public async Task A_json_record_reads_back_into_its_envelope_with_event_id_and_causation_from_the_headers(string name)
    {
        var envelope = EventSamples.For(name);
        var record = EventRecords.Json(envelope, s_publishing)[0];

        var result = await _reader.ReadAsync(record.Value, record.Headers, TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(envelope.EventId, result.Envelope.EventId);
        Assert.Equal(envelope.CausationCommandId, result.Envelope.CausationCommandId);
        Assert.Equal(envelope.DataCase, result.Envelope.DataCase);
        Assert.Equal(EvolutionJson.DataOf(envelope), EvolutionJson.DataOf(result.Envelope));
    }

    [Fact]
    public async Task A_protobuf_wire_format_record_reads_back_whole()
    {
        var envelope = EventSamples.For("messages.upsert");
        envelope.Event = "messages.upsert";
        var value = ConfluentWireFormat.Encode(7, [0], envelope);
        List<KeyValuePair<string, string>> headers = [new(EvolutionHeaders.ContentType, EvolutionHeaders.ProtobufContentType)];

        var result = await _reader.ReadAsync(value, headers, TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(envelope, result.Envelope);
    }

    [Fact]
    public async Task A_protobuf_envelope_without_event_id_takes_it_from_the_header()
    {
        var envelope = EventSamples.For("messages.update");
        envelope.EventId = "";
        var value = ConfluentWireFormat.Encode(7, [0], envelope);

        var result = await _reader.ReadAsync(value, [new(EvolutionHeaders.EventId, "from-header")], TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("from-header", result.Envelope.EventId);
    }

    [Theory]
    [InlineData("", "is not a readable record")]
    [InlineData("hello", "is not a readable record")]
    [InlineData("{\"event\":\"no.such.event\",\"instance\":\"a\",\"data\":{},\"date_time\":\"2024-01-01T00:00:00.000Z\"}", "no.such.event")]
    [InlineData("{\"event\":\"messages.update\",\"instance\":\"a\",\"date_time\":\"2024-01-01T00:00:00.000Z\"}", "'data'")]
    [InlineData("{\"event\":\"messages.update\",\"instance\":\"\",\"data\":{},\"date_time\":\"2024-01-01T00:00:00.000Z\"}", "instance")]
    [InlineData("{\"event\":\"messages.update\",\"instance\":\"a\",\"data\":{\"fromMe\":\"yes\"},\"date_time\":\"2024-01-01T00:00:00.000Z\"}", "does not match its contract")]
    public async Task Bad_records_are_invalid_results_naming_the_problem_never_exceptions(string body, string expected)
    {
        var result = await _reader.ReadAsync(Encoding.UTF8.GetBytes(body), [], TestContext.Current.CancellationToken);

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protobuf_envelope_without_data_is_invalid()
    {
        var value = ConfluentWireFormat.Encode(7, [0], new EventEnvelope { EventId = "e", Instance = "a" });

        var result = await _reader.ReadAsync(value, [], TestContext.Current.CancellationToken);

        Assert.False(result.IsValid);
        Assert.Contains("has no data", result.Error, StringComparison.Ordinal);
    }
}
