using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Configuration;

namespace Evostream.Tests.Topics;

/// <summary>What the provisioner does on a cluster that answers the whole Admin API, configs included.</summary>
public sealed class ClusterDriftTests : IDisposable
{
    private const string Commands = "evostream.evolution.commands";
    private const string Sessions = "evostream.evolution.sessions";

    private readonly FakeClusterBackend _cluster = new(brokers: 3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _cluster.Dispose();

    private TopicProvisioner Provisioner(params (string, string)[] vars) => new(TopicCatalog.BuiltIn, _cluster, Env.Read(vars: vars).Kafka);

    [Fact]
    public async Task Topics_matching_the_catalog_are_unchanged_whatever_other_configs_they_carry()
    {
        await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct);
        var report = await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.All(report.Outcomes, o => Assert.Equal(TopicAction.Unchanged, o.Action));
        Assert.Equal(14, report.Outcomes.Count);
    }

    [Fact]
    public async Task A_compacted_topic_created_with_delete_is_drift_and_stays_as_it_is()
    {
        _cluster.Add(Sessions, 12, 3, ("cleanup.policy", "delete"));
        var report = await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct);
        var drift = Assert.Single(report.Where(TopicAction.Drift));
        Assert.Equal(Sessions, drift.Topic);
        Assert.Equal("cleanup.policy delete, catalog says compact (not changed: switching it can discard records)", drift.Detail);
        Assert.Equal("delete", _cluster.Topics[Sessions].Configs!["cleanup.policy"]);
    }

    [Fact]
    public async Task A_different_retention_is_drift()
    {
        _cluster.Add(Commands, 12, 3, ("retention.ms", "86400000"));
        var drift = Assert.Single((await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct)).Where(TopicAction.Drift));
        Assert.Equal("retention 1d, catalog says 7d (not changed: shortening it deletes records)", drift.Detail);
    }

    [Fact]
    public async Task Cleanup_policies_compare_as_sets()
    {
        _cluster.Add("evostream.evolution.command-ledger", 12, 3, ("cleanup.policy", "delete,compact"), ("retention.ms", "1209600000"));
        var report = await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.Equal(TopicAction.Unchanged, report.Outcomes.Single(o => o.Topic == "evostream.evolution.command-ledger").Action);
    }

    [Fact]
    public async Task Partitions_grow_only_when_asked_and_with_a_warning()
    {
        _cluster.Add(Commands, 4, 3);

        var without = await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.Equal("4 partitions, catalog says 12 (add them with --grow-partitions)", Assert.Single(without.Where(TopicAction.Drift)).Detail);
        Assert.Equal(4, _cluster.Topics[Commands].Partitions);

        var dryRun = await Provisioner().ApplyAsync(new ApplyOptions(GrowPartitions: true, DryRun: true), [], Ct);
        Assert.Equal("4 partitions, catalog says 12 (a run without --dry-run would add them)", Assert.Single(dryRun.Where(TopicAction.Drift)).Detail);
        Assert.Contains(TopicProvisioner.GrowWarning, dryRun.Notes);
        Assert.Equal(4, _cluster.Topics[Commands].Partitions);

        var grown = await Provisioner().ApplyAsync(new ApplyOptions(GrowPartitions: true), [], Ct);
        Assert.Equal(new TopicOutcome(Commands, TopicAction.Grown, "partitions 4 → 12"), Assert.Single(grown.Where(TopicAction.Grown)));
        Assert.Contains(TopicProvisioner.GrowWarning, grown.Notes);
        Assert.Equal(12, _cluster.Topics[Commands].Partitions);
    }

    [Fact]
    public async Task Growing_also_reports_what_it_did_not_fix()
    {
        _cluster.Add(Commands, 4, 3, ("retention.ms", "86400000"));
        var outcome = Assert.Single((await Provisioner().ApplyAsync(new ApplyOptions(GrowPartitions: true), [], Ct)).Where(TopicAction.Drift));
        Assert.Equal("grew partitions 4 → 12; retention 1d, catalog says 7d (not changed: shortening it deletes records)", outcome.Detail);
    }

    [Fact]
    public async Task More_partitions_than_the_catalog_is_drift_that_cannot_be_undone()
    {
        _cluster.Add(Commands, 24, 3);
        var drift = Assert.Single((await Provisioner().ApplyAsync(new ApplyOptions(GrowPartitions: true), [], Ct)).Where(TopicAction.Drift));
        Assert.Equal("24 partitions, catalog says 12 (Kafka cannot remove partitions)", drift.Detail);
    }

    [Fact]
    public async Task More_replicas_than_brokers_fails_with_the_fix_instead_of_a_broker_error()
    {
        using var small = new FakeClusterBackend(brokers: 1);
        var report = await new TopicProvisioner(TopicCatalog.BuiltIn, small, Env.Read().Kafka).ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.All(report.Outcomes, o => Assert.Equal(TopicAction.Failed, o.Action));
        Assert.Equal("replication 3 needs 3 brokers and the cluster has 1; set KAFKA_REPLICATION_FACTOR or the catalog's replication", report.Outcomes[0].Detail);
        Assert.Empty(small.Topics);

        var fixedReport = await new TopicProvisioner(TopicCatalog.BuiltIn, small, Env.Read(vars: ("KAFKA_REPLICATION_FACTOR", "1")).Kafka).ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.All(fixedReport.Outcomes, o => Assert.Equal(TopicAction.Created, o.Action));
    }

    [Fact]
    public async Task A_topic_the_cluster_refuses_is_a_failure_and_the_others_are_still_created()
    {
        _cluster.FailCreating[Sessions] = "Topic authorization failed";
        var report = await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.Equal(new TopicOutcome(Sessions, TopicAction.Failed, "could not create it: Topic authorization failed"), Assert.Single(report.Where(TopicAction.Failed)));
        Assert.Equal(13, report.Count(TopicAction.Created));
        Assert.True(report.HasFailures);
    }

    [Fact]
    public async Task Topics_are_created_with_the_catalogs_configs()
    {
        await Provisioner().ApplyAsync(new ApplyOptions(), [], Ct);
        Assert.Equal("compact", _cluster.Topics[Sessions].Configs!["cleanup.policy"]);
        Assert.Equal("604800000", _cluster.Topics[Commands].Configs!["retention.ms"]);
    }

    [Fact]
    public async Task Start_up_with_auto_create_off_names_failures_too()
    {
        _cluster.Add(Commands, 12, 3);
        var error = await Assert.ThrowsAsync<ConfigurationException>(
            () => Provisioner(("KAFKA_AUTO_CREATE_TOPICS", "false")).EnsureClusterTopicsAsync(Ct));
        Assert.Contains($"required topic {Sessions} is missing", error.Errors);
        Assert.Contains("KAFKA_AUTO_CREATE_TOPICS=false", error.Message, StringComparison.Ordinal);
        Assert.False(_cluster.Topics.ContainsKey(Sessions));
    }
}
