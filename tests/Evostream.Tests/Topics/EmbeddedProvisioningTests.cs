using Evostream.Contracts.Evolution;
using Confluent.Kafka;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Evostream.Tests.Topics;

/// <summary>The provisioner against the shared embedded cluster; every test works under a prefix of its own.</summary>
public sealed class EmbeddedProvisioningTests(EmbeddedStack stack) : IDisposable
{
    private readonly List<IDisposable> _disposables = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Applying_twice_creates_everything_then_changes_nothing()
    {
        var (provisioner, kafka) = Provisioner(s => s with { GlobalEnabled = true });

        var first = await provisioner.ApplyAsync(new ApplyOptions(), ["shop"], Ct);
        Assert.Equal(14 + (2 * EvolutionEvents.Published.Count), first.Outcomes.Count);
        Assert.All(first.Outcomes, o => Assert.Equal(TopicAction.Created, o.Action));
        Assert.Equal(12, Partitions($"evostream.{kafka.TopicPrefix}.commands"));
        Assert.Equal(1, Partitions($"{kafka.TopicPrefix}.shop.group-participants.update"));
        Assert.Equal(12, Partitions($"{kafka.TopicPrefix}.global.typebot.change-status"));

        var second = await provisioner.ApplyAsync(new ApplyOptions(), ["shop"], Ct);
        Assert.All(second.Outcomes, o => Assert.Equal(TopicAction.Unchanged, o.Action));
        Assert.Equal(first.Outcomes.Select(o => o.Topic), second.Outcomes.Select(o => o.Topic));
        Assert.False(second.HasFailures || second.HasDrift);
    }

    [Fact]
    public async Task The_report_says_what_the_embedded_cluster_cannot_check()
    {
        var (provisioner, _) = Provisioner();
        var report = await provisioner.ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.StartsWith("embedded Kafka at 127.0.0.1:", report.Target, StringComparison.Ordinal);
        Assert.Contains(report.Notes, n => n.Contains("implements no DescribeConfigs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replication_is_capped_at_the_broker_count_of_the_embedded_cluster()
    {
        var (provisioner, kafka) = Provisioner(s => s with { ReplicationFactor = 5 });
        var report = await provisioner.ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.All(report.Outcomes, o => Assert.Equal(TopicAction.Created, o.Action));
        Assert.All(Metadata($"evostream.{kafka.TopicPrefix}.commands")!.Partitions, p => Assert.Equal(3, p.Replicas.Length));

        var again = await provisioner.ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.All(again.Outcomes, o => Assert.Equal(TopicAction.Unchanged, o.Action));
    }

    [Fact]
    public async Task A_dry_run_creates_nothing()
    {
        var (provisioner, kafka) = Provisioner();
        var report = await provisioner.ApplyAsync(new ApplyOptions(DryRun: true), ["shop"], Ct);
        Assert.All(report.Outcomes, o => Assert.Equal(TopicAction.Missing, o.Action));
        Assert.Null(Metadata($"evostream.{kafka.TopicPrefix}.commands"));
        Assert.Null(Metadata($"{kafka.TopicPrefix}.shop.messages.upsert"));
    }

    [Fact]
    public async Task Fewer_partitions_than_the_catalog_is_reported_and_left_alone()
    {
        var (provisioner, kafka) = Provisioner();
        var commands = $"evostream.{kafka.TopicPrefix}.commands";
        stack.Kafka.CreateTopic(commands, partitions: 4, replicationFactor: 1);

        var report = await provisioner.ApplyAsync(new ApplyOptions(), [], Ct);

        var drift = Assert.Single(report.Where(TopicAction.Drift));
        Assert.Equal(commands, drift.Topic);
        Assert.Equal("4 partitions, catalog says 12 (add them with --grow-partitions); replication 1, catalog says 3"
            + " (topics apply never moves replicas; use kafka-reassign-partitions)", drift.Detail);
        Assert.Equal(4, Partitions(commands));
        Assert.Equal(13, report.Count(TopicAction.Created));
        Assert.DoesNotContain(TopicProvisioner.GrowWarning, report.Notes);
    }

    [Fact]
    public async Task Growing_partitions_on_the_embedded_cluster_fails_plainly_because_the_mock_cannot()
    {
        var (provisioner, kafka) = Provisioner();
        var commands = $"evostream.{kafka.TopicPrefix}.commands";
        stack.Kafka.CreateTopic(commands, partitions: 4, replicationFactor: 3);

        var report = await provisioner.ApplyAsync(new ApplyOptions(GrowPartitions: true), [], Ct);

        var failed = Assert.Single(report.Where(TopicAction.Failed));
        Assert.Equal(commands, failed.Topic);
        Assert.StartsWith("could not grow partitions 4 → 12: the embedded cluster cannot add partitions", failed.Detail, StringComparison.Ordinal);
        Assert.Contains(TopicProvisioner.GrowWarning, report.Notes);
        Assert.Equal(4, Partitions(commands));
    }

    [Fact]
    public async Task A_new_instance_gets_its_topics_when_auto_create_is_on()
    {
        var (provisioner, kafka) = Provisioner(s => s with { AutoCreateTopics = true });
        var report = await provisioner.ProvisionInstanceAsync("shop", Ct);
        Assert.Equal(EvolutionEvents.Published.Count, report.Count(TopicAction.Created));
        Assert.Equal(1, Partitions($"{kafka.TopicPrefix}.shop.messaging-history.set"));
    }

    [Fact]
    public async Task A_new_instance_gets_no_topics_when_events_go_only_to_the_global_topics()
    {
        var (provisioner, kafka) = Provisioner(s => s with { AutoCreateTopics = true, GlobalEnabled = true, InstanceTopics = false });
        var report = await provisioner.ProvisionInstanceAsync("shop", Ct);
        Assert.Equal(0, report.Count(TopicAction.Created));
        Assert.Null(Metadata($"{kafka.TopicPrefix}.shop.messages.upsert"));
    }

    [Fact]
    public async Task A_new_instance_gets_no_topics_when_auto_create_is_off()
    {
        var (provisioner, kafka) = Provisioner(s => s with { AutoCreateTopics = false });
        var report = await provisioner.ProvisionInstanceAsync("shop", Ct);
        Assert.Equal(EvolutionEvents.Published.Count, report.Count(TopicAction.Missing));
        Assert.Null(Metadata($"{kafka.TopicPrefix}.shop.messages.upsert"));
    }

    [Fact]
    public async Task Start_up_with_auto_create_off_names_every_missing_topic()
    {
        var (provisioner, kafka) = Provisioner(s => s with { AutoCreateTopics = false });
        stack.Kafka.CreateTopic($"evostream.{kafka.TopicPrefix}.commands", 12, 3);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => provisioner.EnsureClusterTopicsAsync(Ct));

        Assert.Contains($"required topic evostream.{kafka.TopicPrefix}.sessions is missing", error.Errors);
        Assert.Contains($"required topic evostream.{kafka.TopicPrefix}.dead-letter is missing", error.Errors);
        Assert.DoesNotContain(error.Errors, e => e.Contains($".{kafka.TopicPrefix}.commands ", StringComparison.Ordinal));
        Assert.Equal(13 + 1, error.Errors.Count);
        Assert.StartsWith("KAFKA_AUTO_CREATE_TOPICS=false, so services do not create topics", error.Errors[^1], StringComparison.Ordinal);
        Assert.Null(Metadata($"evostream.{kafka.TopicPrefix}.sessions"));
    }

    [Fact]
    public async Task Start_up_with_auto_create_off_passes_once_the_topics_exist()
    {
        var (provisioner, _) = Provisioner(s => s with { AutoCreateTopics = false });
        await provisioner.ApplyAsync(new ApplyOptions(), [], Ct);
        var report = await provisioner.EnsureClusterTopicsAsync(Ct);
        Assert.All(report.Outcomes, o => Assert.Equal(TopicAction.Unchanged, o.Action));
    }

    [Fact]
    public async Task Start_up_with_auto_create_on_creates_the_cluster_topics()
    {
        var (provisioner, kafka) = Provisioner(s => s with { AutoCreateTopics = true, GlobalEnabled = true });
        var report = await provisioner.EnsureClusterTopicsAsync(Ct);
        Assert.Equal(14 + EvolutionEvents.Published.Count, report.Count(TopicAction.Created));
        Assert.Equal(12, Partitions($"{kafka.TopicPrefix}.global.messages.upsert"));
    }

    [Fact]
    public void The_embedded_factory_gives_its_own_brokers_the_mock_backend_and_others_the_admin_API()
    {
        var open = EmbeddedTopics.For(stack.Kafka);
        using var embedded = open(new KafkaClientConfigs(stack.KafkaSettings("x")));
        Assert.IsType<EmbeddedTopicBackend>(embedded);
        using var admin = open(new KafkaClientConfigs(stack.KafkaSettings("x") with { Brokers = "localhost:1" }));
        Assert.IsType<AdminTopicBackend>(admin);
    }

    [Theory]
    [InlineData(false, false, typeof(AdminTopicBackend))]
    [InlineData(true, false, typeof(EmbeddedTopicBackend))]
    [InlineData(false, true, typeof(EmbeddedTopicBackend))]
    public void Services_use_the_admin_API_unless_their_host_registers_its_embedded_cluster_before_or_after_them(bool before, bool after, Type expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("KAFKA_BROKERS", stack.Kafka.BootstrapServers)]);
        if (before)
        {
            builder.Services.AddEmbeddedTopics(stack.Kafka);
        }

        builder.AddEvostreamPlatform(Requirements.None);
        builder.AddEvostreamPlatform(Requirements.None); // the dev host registers the platform once per service
        if (after)
        {
            builder.Services.AddEmbeddedTopics(stack.Kafka);
        }

        using var host = builder.Build();
        Assert.IsType(expected, host.Services.GetRequiredService<ITopicBackend>());
    }

    public void Dispose() => _disposables.ForEach(d => d.Dispose());

    private (TopicProvisioner Provisioner, KafkaSettings Kafka) Provisioner(Func<KafkaSettings, KafkaSettings>? adjust = null)
    {
        var kafka = stack.KafkaSettings(EmbeddedStack.NewPrefix("topics"));
        kafka = adjust?.Invoke(kafka) ?? kafka;
        var backend = new EmbeddedTopicBackend(stack.Kafka, new KafkaClientConfigs(kafka));
        _disposables.Add(backend);
        return (new TopicProvisioner(TopicCatalog.BuiltIn, backend, kafka), kafka);
    }

    private TopicMetadata? Metadata(string topic)
    {
        using var admin = new AdminClientBuilder(new KafkaClientConfigs(stack.KafkaSettings("x")).Admin("test")).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.SingleOrDefault(t => t.Topic == topic);
    }

    private int Partitions(string topic) => Metadata(topic)?.Partitions.Count ?? 0;
}
