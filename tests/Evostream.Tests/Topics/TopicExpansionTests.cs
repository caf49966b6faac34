using Evostream.Contracts.Evolution;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Configuration;

namespace Evostream.Tests.Topics;

public class TopicExpansionTests
{
    private static readonly string[] s_internal =
    [
        "evostream.evolution.commands", "evostream.evolution.commands.repartition", "evostream.evolution.commands.accepted", "evostream.evolution.commands.rejected",
        "evostream.evolution.command-ledger", "evostream.evolution.sessions", "evostream.evolution.instance-state", "evostream.evolution.schedules", "evostream.evolution.processor-state", "evostream.evolution.dead-letter",
        "evostream.evolution.events", "evostream.evolution.webhook-retries", "evostream.evolution.webhook-redeliver", "evostream.evolution.webhook-dead-letter",
    ];

    private static KafkaSettings Kafka(params (string, string)[] vars) => Env.Read(vars: vars).Kafka;

    private static TopicSpec Topic(IEnumerable<TopicSpec> topics, string name) => Assert.Single(topics, t => t.Name == name);

    [Fact]
    public void Without_global_mode_the_cluster_needs_only_Evostreams_own_topics()
    {
        Assert.Equal(s_internal, TopicCatalog.BuiltIn.ClusterTopics(Kafka()).Select(t => t.Name));
    }

    [Fact]
    public void Global_mode_adds_one_topic_per_event_under_the_wire_name_Evostream_produces_to()
    {
        var topics = TopicCatalog.BuiltIn.ClusterTopics(Kafka(("KAFKA_GLOBAL_ENABLED", "true"), ("KAFKA_TOPIC_PREFIX", "wa")));
        var global = topics.Where(t => t.Kind == TopicKind.GlobalEvents).Select(t => t.Name).ToList();

        Assert.Equal(EvolutionEvents.Published.Select(e => "wa.global." + e), global);
        Assert.Contains("wa.global.group-participants.update", global);
        Assert.Contains("wa.global.typebot.change-status", global);
        Assert.Contains("wa.global.messaging-history.set", global);
        Assert.Contains("wa.global.command.rejected", global);
        // Evolution creates these from its env flag names; nothing is ever produced to them.
        Assert.DoesNotContain("wa.global.group.participants.update", global);
        Assert.DoesNotContain("wa.global.typebot.change.status", global);
        Assert.Contains("evostream.wa.commands", topics.Select(t => t.Name));
    }

    [Fact]
    public void An_instance_gets_one_single_partition_topic_per_event()
    {
        var topics = TopicCatalog.BuiltIn.InstanceTopics(Kafka(), "shop-1");
        Assert.Equal(EvolutionEvents.Published.Select(e => "evolution.shop-1." + e), topics.Select(t => t.Name));
        Assert.All(topics, t => Assert.Equal(new TopicSpec(t.Name, TopicKind.InstanceEvents, 1, 3, CleanupPolicy.Delete, 604_800_000L), t));
        Assert.Contains("evolution.shop-1.group-participants.update", topics.Select(t => t.Name));
    }

    [Fact]
    public void The_catalog_creates_exactly_the_topics_event_records_are_written_to()
    {
        var kafka = Kafka(("KAFKA_GLOBAL_ENABLED", "true"), ("KAFKA_TOPIC_PREFIX", "wa"));
        Assert.Equal(
            EvolutionEvents.Published.Select(e => EvolutionTopics.Global("wa", e)),
            TopicCatalog.BuiltIn.ClusterTopics(kafka).Where(t => t.Kind == TopicKind.GlobalEvents).Select(t => t.Name));
        Assert.Equal(
            EvolutionEvents.Published.Select(e => EvolutionTopics.PerInstance("wa", "Shop_1", e)),
            TopicCatalog.BuiltIn.InstanceTopics(kafka, "Shop_1").Select(t => t.Name));
    }

    [Fact]
    public void Catalog_defaults_suit_scale()
    {
        var topics = TopicCatalog.BuiltIn.ClusterTopics(Kafka(("KAFKA_GLOBAL_ENABLED", "true")));
        Assert.Equal(new TopicSpec("evostream.evolution.commands", TopicKind.Commands, 12, 3, CleanupPolicy.Delete, 604_800_000L), Topic(topics, "evostream.evolution.commands"));
        Assert.Equal(new TopicSpec("evostream.evolution.sessions", TopicKind.State, 12, 3, CleanupPolicy.Compact, null), Topic(topics, "evostream.evolution.sessions"));
        Assert.Equal(new TopicSpec("evostream.evolution.command-ledger", TopicKind.State, 12, 3, CleanupPolicy.CompactDelete, 14 * 86_400_000L), Topic(topics, "evostream.evolution.command-ledger"));
        Assert.Equal(new TopicSpec("evostream.evolution.dead-letter", TopicKind.DeadLetter, 3, 3, CleanupPolicy.Delete, 30 * 86_400_000L), Topic(topics, "evostream.evolution.dead-letter"));
        Assert.Equal(12, Topic(topics, "evolution.global.messages.upsert").Partitions);
    }

    [Fact]
    public void KAFKA_NUM_PARTITIONS_overrides_every_partition_count_but_the_single_key_instance_topics()
    {
        var kafka = Kafka(("KAFKA_NUM_PARTITIONS", "24"), ("KAFKA_GLOBAL_ENABLED", "true"));
        Assert.All(TopicCatalog.BuiltIn.ClusterTopics(kafka), t => Assert.Equal(24, t.Partitions));
        Assert.All(TopicCatalog.BuiltIn.InstanceTopics(kafka, "i"), t => Assert.Equal(1, t.Partitions));
    }

    [Fact]
    public void KAFKA_REPLICATION_FACTOR_overrides_every_replication()
    {
        var kafka = Kafka(("KAFKA_REPLICATION_FACTOR", "1"), ("KAFKA_GLOBAL_ENABLED", "true"));
        Assert.All(TopicCatalog.BuiltIn.ClusterTopics(kafka).Concat(TopicCatalog.BuiltIn.InstanceTopics(kafka, "i")), t => Assert.Equal(1, t.Replication));
    }

    [Fact]
    public void Expanded_topics_carry_their_configs()
    {
        var topics = TopicCatalog.BuiltIn.ClusterTopics(Kafka());
        Assert.Equal(new Dictionary<string, string> { ["cleanup.policy"] = "delete", ["retention.ms"] = "604800000" }, Topic(topics, "evostream.evolution.commands").Configs());
        Assert.Equal(new Dictionary<string, string> { ["cleanup.policy"] = "compact" }, Topic(topics, "evostream.evolution.sessions").Configs());
    }

    [Fact]
    public void Retention_is_the_age_records_are_kept_and_none_for_compacted_or_forever_topics()
    {
        var topics = TopicCatalog.BuiltIn.ClusterTopics(Kafka());
        Assert.Equal(TimeSpan.FromDays(14), Topic(topics, "evostream.evolution.command-ledger").Retention);
        Assert.Null(Topic(topics, "evostream.evolution.sessions").Retention);
        Assert.Null((Topic(topics, "evostream.evolution.commands") with { RetentionMs = TopicRetention.Forever }).Retention);
    }

    [Fact]
    public void A_deployments_cluster_topic_is_found_by_its_name_with_the_catalogs_settings()
    {
        using var backend = new FakeClusterBackend(brokers: 1);
        var provisioner = new TopicProvisioner(TopicCatalog.BuiltIn, backend, Kafka(("KAFKA_TOPIC_PREFIX", "wa")));

        var ledger = provisioner.ClusterTopic(new StageTopics("wa").CommandLedger);
        Assert.Equal(CleanupPolicy.CompactDelete, ledger.CleanupPolicy);
        Assert.Equal(TimeSpan.FromDays(14), ledger.Retention);

        var error = Assert.Throws<ArgumentException>(() => provisioner.ClusterTopic("evostream.evolution.command-ledger"));
        Assert.StartsWith("the topic catalog defines no cluster topic named evostream.evolution.command-ledger (prefix wa)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_instance_name_is_refused_before_any_topic_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => TopicCatalog.BuiltIn.InstanceTopics(Kafka(), "my shop"));
        Assert.StartsWith("instance name 'my shop' contains ' '", error.Message, StringComparison.Ordinal);
    }
}
