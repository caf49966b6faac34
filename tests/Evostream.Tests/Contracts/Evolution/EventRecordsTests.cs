using System.Text.Json;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;

namespace Evostream.Tests.Contracts.Evolution;

public class EventRecordsTests
{
    private static EventPublishing Publishing(bool perInstance, bool global) =>
        new("evolution", perInstance, global, EventSamples.ServerUrl);

    [Fact]
    public void Per_instance_records_go_to_prefix_instance_event_keyed_by_the_instance()
    {
        var envelope = EventSamples.For("messages.upsert");
        envelope.Instance = "MyShop_01";

        var record = Assert.Single(EventRecords.Json(envelope, Publishing(perInstance: true, global: false)));

        // Evolution keeps the instance name's case.
        Assert.Equal("evolution.MyShop_01.messages.upsert", record.Topic);
        Assert.Equal("MyShop_01", record.Key);
        Assert.Equal(EvolutionJson.Write(envelope, EventSamples.ServerUrl), record.Value);
    }

    [Fact]
    public void Global_records_keep_hyphens_in_the_topic_and_are_keyed_by_instance_and_event()
    {
        var envelope = EventSamples.For("group-participants.update");

        var record = Assert.Single(EventRecords.Json(envelope, Publishing(perInstance: false, global: true)));

        Assert.Equal("evolution.global.group-participants.update", record.Topic);
        Assert.Equal("my_instance-group-participants.update", record.Key);
    }

    [Fact]
    public void Both_modes_give_two_records_with_the_same_value_and_headers()
    {
        var records = EventRecords.Json(EventSamples.For("messages.upsert"), Publishing(perInstance: true, global: true));

        Assert.Collection(
            records,
            r => Assert.Equal(("evolution.my_instance.messages.upsert", "my_instance"), (r.Topic, r.Key)),
            r => Assert.Equal(("evolution.global.messages.upsert", "my_instance-messages.upsert"), (r.Topic, r.Key)));
        Assert.Equal(records[0].Value, records[1].Value);
        Assert.Equal(records[0].Headers, records[1].Headers);
    }

    [Fact]
    public void No_mode_enabled_gives_no_record()
    {
        Assert.Empty(EventRecords.Json(EventSamples.For("messages.upsert"), Publishing(perInstance: false, global: false)));
    }

    [Fact]
    public void Headers_are_Evolution_s_four_then_event_id_content_type_and_schema()
    {
        var record = EventRecords.Json(EventSamples.For("messages.upsert"), Publishing(perInstance: true, global: false))[0];

        Assert.Equal(
            [
                new("event", "messages.upsert"),
                new("instance", "my_instance"),
                new("origin", "Evostream"),
                new("timestamp", "2024-03-04T10:30:00.123Z"),
                new("event-id", "evt-messages.upsert"),
                new("content-type", "application/json"),
                new("schema", "evostream.v1.EventEnvelope"),
            ],
            record.Headers);

        // As in Evolution, the timestamp header is the body's date_time string.
        using var body = JsonDocument.Parse(record.Value);
        Assert.Equal(body.RootElement.GetProperty("date_time").GetString(), record.Headers.Single(h => h.Key == "timestamp").Value);
    }

    [Fact]
    public void An_event_caused_by_a_command_carries_its_id_in_a_causation_id_header()
    {
        var record = EventRecords.Json(EventSamples.For("send.message"), Publishing(perInstance: true, global: false))[0];

        Assert.Equal(new KeyValuePair<string, string>("causation-id", EventSamples.CommandId), record.Headers[^1]);
        Assert.Single(record.Headers, h => h.Key == "causation-id");
    }

    [Fact]
    public void An_event_without_an_event_id_is_refused()
    {
        var envelope = EventSamples.For("messages.upsert");
        envelope.EventId = "";

        var error = Assert.Throws<ArgumentException>(() => EventRecords.Json(envelope, Publishing(perInstance: true, global: true)));
        Assert.Contains("event id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_whose_name_disagrees_with_its_data_is_refused_in_JSON_and_with_a_ready_value()
    {
        var envelope = EventSamples.For("messages.upsert");
        envelope.Event = "messages.update";
        var publishing = Publishing(perInstance: true, global: true);

        var json = Assert.Throws<ArgumentException>(() => EventRecords.Json(envelope, publishing));
        var encoded = Assert.Throws<ArgumentException>(() => EventRecords.For(envelope, publishing, [1, 2, 3], EvolutionHeaders.ProtobufContentType));

        Assert.All([json, encoded], e => Assert.Contains("'messages.update' does not match its data (messages.upsert)", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_without_data_is_refused()
    {
        var envelope = new EventEnvelope { EventId = "e-1", Event = "messages.upsert", Instance = "my_instance" };

        Assert.Throws<ArgumentException>(() => EventRecords.Json(envelope, Publishing(perInstance: true, global: false)));
    }
}
