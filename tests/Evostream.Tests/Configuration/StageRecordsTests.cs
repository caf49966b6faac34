using Evostream.Contracts.Evolution;
using Evostream.Platform.Hosting;
using Evostream.Tests.Contracts.Evolution;

namespace Evostream.Tests.Configuration;

public sealed class StageRecordsTests
{
    [Fact]
    public void Events_go_to_the_instance_topic_and_the_global_topic_by_default()
    {
        var publishing = new StageRecords(Env.Read(vars: ("KAFKA_GLOBAL_ENABLED", "true"))).Publishing;

        var topics = EventRecords.Json(EventSamples.For("messages.upsert"), publishing).Select(r => r.Topic);

        Assert.Equal([$"evolution.{EventSamples.Instance}.messages.upsert", "evolution.global.messages.upsert", "evostream.evolution.events"], topics);
    }

    [Fact]
    public void With_instance_topics_off_events_go_only_to_the_global_topic()
    {
        var publishing = new StageRecords(Env.Read(vars: [("KAFKA_GLOBAL_ENABLED", "true"), ("EVOSTREAM_INSTANCE_TOPICS", "false")])).Publishing;

        var topics = EventRecords.Json(EventSamples.For("messages.upsert"), publishing).Select(r => r.Topic);

        Assert.Equal(["evolution.global.messages.upsert", "evostream.evolution.events"], topics);
    }

    [Fact]
    public void The_feed_record_carries_the_instance_key_and_the_same_value_and_headers_as_the_event_topic()
    {
        var publishing = new StageRecords(Env.Read()).Publishing;

        var records = EventRecords.Json(EventSamples.For("messages.upsert"), publishing);

        var evolution = Assert.Single(records, r => r.Topic == $"evolution.{EventSamples.Instance}.messages.upsert");
        var feed = Assert.Single(records, r => r.Topic == "evostream.evolution.events");
        Assert.Equal(EventSamples.Instance, feed.Key);
        Assert.Equal(evolution.Value, feed.Value);
        Assert.Equal(evolution.Headers, feed.Headers);
    }
}
