using System.Globalization;
using Evostream.Platform.Configuration;

namespace Evostream.Platform.Kafka.Topics;

/// <summary>
/// Applies the catalog idempotently: creates missing topics, reports every difference from the catalog without
/// changing it, and adds partitions only when asked to. Never deletes, shrinks, moves replicas or alters configs.
/// </summary>
public sealed class TopicProvisioner(TopicCatalog catalog, ITopicBackend backend, KafkaSettings kafka)
{
    public const string GrowWarning =
        "adding partitions changes which partition each key hashes to: records of one instance written before and after"
        + " the change can sit in different partitions, so per-instance order does not hold across it. Stop producers"
        + " and let consumers drain the topic first.";

    /// <summary>The cluster topics, plus the per-instance topics of <paramref name="instances"/>.</summary>
    /// <exception cref="ArgumentException">An instance name is invalid; the message says why.</exception>
    /// <exception cref="TopicBackendException">The cluster could not be asked.</exception>
    public Task<TopicReport> ApplyAsync(ApplyOptions options, IReadOnlyCollection<string> instances, CancellationToken ct) =>
        ApplyAsync([.. catalog.ClusterTopics(kafka), .. instances.SelectMany(i => catalog.InstanceTopics(kafka, i))], options, ct);

    /// <summary>One of the deployment's cluster topics as the catalog defines it, for a service to follow its settings.</summary>
    /// <exception cref="ArgumentException">The catalog defines no cluster topic of that name.</exception>
    public TopicSpec ClusterTopic(string name) =>
        catalog.ClusterTopics(kafka).FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"the topic catalog defines no cluster topic named {name} (prefix {kafka.TopicPrefix}).", nameof(name));

    /// <summary>
    /// A new instance's per-instance topics. With KAFKA_AUTO_CREATE_TOPICS=false nothing is created: the report
    /// lists those missing, for the operator to create with <c>topics apply --instance</c>.
    /// </summary>
    public Task<TopicReport> ProvisionInstanceAsync(string instance, CancellationToken ct) =>
        ApplyAsync(catalog.InstanceTopics(kafka, instance), new ApplyOptions(DryRun: !kafka.AutoCreateTopics), ct);

    /// <summary>
    /// At service start-up: with KAFKA_AUTO_CREATE_TOPICS=true, creates the missing cluster topics; with false,
    /// checks they exist. Drift is reported, not fatal.
    /// </summary>
    /// <exception cref="ConfigurationException">Naming each missing topic, or each topic that could not be created.</exception>
    /// <exception cref="TopicBackendException">The cluster could not be asked.</exception>
    public async Task<TopicReport> EnsureClusterTopicsAsync(CancellationToken ct)
    {
        var report = await ApplyAsync(catalog.ClusterTopics(kafka), new ApplyOptions(DryRun: !kafka.AutoCreateTopics), ct);
        List<string> errors =
        [
            .. report.Where(TopicAction.Missing).Select(o => $"required topic {o.Topic} is missing"),
            .. report.Where(TopicAction.Failed).Select(o => $"required topic {o.Topic}: {o.Detail}"),
        ];
        if (report.Count(TopicAction.Missing) > 0)
        {
            errors.Add("KAFKA_AUTO_CREATE_TOPICS=false, so services do not create topics: create them with ./evostream topics apply"
                + " (with the same KAFKA_* settings), or set KAFKA_AUTO_CREATE_TOPICS=true.");
        }

        return errors.Count == 0 ? report : throw new ConfigurationException(errors);
    }

    public async Task<TopicReport> ApplyAsync(IReadOnlyList<TopicSpec> topics, ApplyOptions options, CancellationToken ct)
    {
        var state = await backend.DescribeAsync([.. topics.Select(t => t.Name)], ct);
        var outcomes = new Dictionary<string, TopicOutcome>(StringComparer.Ordinal);
        var toCreate = new List<TopicSpec>();
        var toGrow = new List<(TopicSpec Topic, int From, List<string> Differences)>();

        foreach (var wanted in topics.Select(t => Effective(t, state.BrokerCount)))
        {
            if (state.Problems.TryGetValue(wanted.Name, out var problem))
            {
                outcomes[wanted.Name] = new TopicOutcome(wanted.Name, TopicAction.Failed, problem);
            }
            else if (!state.Topics.TryGetValue(wanted.Name, out var existing))
            {
                if (wanted.Replication > state.BrokerCount)
                {
                    outcomes[wanted.Name] = new TopicOutcome(wanted.Name, TopicAction.Failed,
                        $"replication {wanted.Replication} needs {wanted.Replication} brokers and the cluster has {state.BrokerCount}; set KAFKA_REPLICATION_FACTOR or the catalog's replication");
                }
                else if (options.DryRun)
                {
                    outcomes[wanted.Name] = new TopicOutcome(wanted.Name, TopicAction.Missing, wanted.Summary);
                }
                else
                {
                    toCreate.Add(wanted);
                }
            }
            else
            {
                var differences = Differences(wanted, existing, options);
                if (existing.Partitions < wanted.Partitions && options.GrowPartitions && !options.DryRun)
                {
                    toGrow.Add((wanted, existing.Partitions, differences));
                }
                else
                {
                    outcomes[wanted.Name] = differences.Count > 0
                        ? new TopicOutcome(wanted.Name, TopicAction.Drift, string.Join("; ", differences))
                        : new TopicOutcome(wanted.Name, TopicAction.Unchanged, wanted.Summary);
                }
            }
        }

        var createFailures = toCreate.Count > 0 ? await backend.CreateAsync(toCreate, ct) : new Dictionary<string, string>();
        foreach (var topic in toCreate)
        {
            outcomes[topic.Name] = createFailures.TryGetValue(topic.Name, out var error)
                ? new TopicOutcome(topic.Name, TopicAction.Failed, $"could not create it: {error}")
                : new TopicOutcome(topic.Name, TopicAction.Created, topic.Summary);
        }

        var growFailures = toGrow.Count > 0 ? await backend.GrowAsync([.. toGrow.Select(g => g.Topic)], ct) : new Dictionary<string, string>();
        foreach (var (topic, from, differences) in toGrow)
        {
            var grown = $"partitions {from} → {topic.Partitions}";
            outcomes[topic.Name] = growFailures.TryGetValue(topic.Name, out var error)
                ? new TopicOutcome(topic.Name, TopicAction.Failed, $"could not grow {grown}: {error}")
                : differences.Count > 0
                    ? new TopicOutcome(topic.Name, TopicAction.Drift, $"grew {grown}; {string.Join("; ", differences)}")
                    : new TopicOutcome(topic.Name, TopicAction.Grown, grown);
        }

        var growing = toGrow.Count > 0 || (options.GrowPartitions && topics.Any(t => state.Topics.TryGetValue(t.Name, out var e) && e.Partitions < t.Partitions));
        return new TopicReport(
            backend.Target,
            [.. topics.Select(t => outcomes[t.Name])],
            [.. backend.Limitations, .. growing ? [GrowWarning] : Array.Empty<string>()]);
    }

    private TopicSpec Effective(TopicSpec topic, int brokers) =>
        backend.CapsReplicationAtBrokerCount && topic.Replication > brokers ? topic with { Replication = (short)brokers } : topic;

    /// <summary>Everything about an existing topic that differs from the catalog, except partitions it is about to grow.</summary>
    private static List<string> Differences(TopicSpec wanted, ObservedTopic existing, ApplyOptions options)
    {
        var differences = new List<string>();
        if (existing.Partitions < wanted.Partitions && !(options.GrowPartitions && !options.DryRun))
        {
            differences.Add($"{existing.Partitions} partitions, catalog says {wanted.Partitions} ("
                + (options.GrowPartitions ? "a run without --dry-run would add them" : "add them with --grow-partitions") + ")");
        }
        else if (existing.Partitions > wanted.Partitions)
        {
            differences.Add($"{existing.Partitions} partitions, catalog says {wanted.Partitions} (Kafka cannot remove partitions)");
        }

        if (existing.Replication != wanted.Replication)
        {
            differences.Add($"replication {existing.Replication}, catalog says {wanted.Replication} (topics apply never moves replicas; use kafka-reassign-partitions)");
        }

        if (existing.Configs is { } configs)
        {
            var cleanup = configs.GetValueOrDefault(TopicSpec.CleanupPolicyConfig);
            if (cleanup is null || CleanupPolicies.Parse(cleanup) != wanted.CleanupPolicy)
            {
                differences.Add($"cleanup.policy {cleanup ?? "unknown"}, catalog says {wanted.CleanupPolicy.ToKafka()} (not changed: switching it can discard records)");
            }

            var retention = configs.GetValueOrDefault(TopicSpec.RetentionConfig);
            if (wanted.RetentionMs is { } wantedRetention
                && (!long.TryParse(retention, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual) || actual != wantedRetention))
            {
                var shown = long.TryParse(retention, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? TopicRetention.Format(ms) : retention ?? "unknown";
                differences.Add($"retention {shown}, catalog says {TopicRetention.Format(wantedRetention)} (not changed: shortening it deletes records)");
            }
        }

        return differences;
    }
}
