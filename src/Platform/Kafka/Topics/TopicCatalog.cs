using Evostream.Contracts.Evolution;
using Evostream.Platform.Configuration;

namespace Evostream.Platform.Kafka.Topics;

/// <summary>
/// The validated topic catalog (topics/catalog.yaml) and its expansion into concrete topics for one deployment's
/// prefix, mode and partition/replication overrides.
/// </summary>
public sealed class TopicCatalog
{
    public const string BuiltInSource = "topics/catalog.yaml";
    private const string ResourceName = "Evostream.Platform.Kafka.Topics.catalog.yaml";

    private static readonly Lazy<TopicCatalog> s_builtIn = new(() =>
    {
        using var stream = typeof(TopicCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{BuiltInSource} is not embedded in {typeof(TopicCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return new TopicCatalogReader(BuiltInSource).Read(reader);
    });

    internal TopicCatalog(IReadOnlyList<TopicEntry> entries) => Entries = entries;

    /// <summary>The catalog compiled into this build.</summary>
    public static TopicCatalog BuiltIn => s_builtIn.Value;

    public IReadOnlyList<TopicEntry> Entries { get; }

    /// <exception cref="TopicCatalogException">naming every bad entry, field and line.</exception>
    public static TopicCatalog Parse(string yaml, string source) => new TopicCatalogReader(source).Read(new StringReader(yaml));

    /// <summary>Topics the deployment needs whatever instances exist: the command pipeline, state, dead letters and, in global mode, the global event topics.</summary>
    public IReadOnlyList<TopicSpec> ClusterTopics(KafkaSettings kafka) =>
    [
        .. Entries
            .Where(e => e.Kind != TopicKind.InstanceEvents && (e.Kind != TopicKind.GlobalEvents || kafka.GlobalEnabled))
            .SelectMany(e => Expand(e, kafka, instance: null)),
    ];

    /// <summary>One instance's per-instance event topics: none when the deployment writes only global topics.</summary>
    /// <exception cref="ArgumentException">The name is not a valid instance name; the message says why.</exception>
    public IReadOnlyList<TopicSpec> InstanceTopics(KafkaSettings kafka, string instance)
    {
        if (!InstanceNames.TryValidate(instance, kafka.TopicPrefix, out var error))
        {
            throw new ArgumentException(error, nameof(instance));
        }

        return kafka.InstanceTopics ? [.. Entries.Where(e => e.Kind == TopicKind.InstanceEvents).SelectMany(e => Expand(e, kafka, instance))] : [];
    }

    private static IEnumerable<TopicSpec> Expand(TopicEntry entry, KafkaSettings kafka, string? instance)
    {
        // A per-instance topic has a single key, so partitions beyond the catalog's would stay empty.
        var partitions = entry.Kind == TopicKind.InstanceEvents ? entry.Partitions : kafka.NumPartitions ?? entry.Partitions;
        var replication = kafka.ReplicationFactor ?? entry.Replication;
        var names = entry.Kind is TopicKind.GlobalEvents or TopicKind.InstanceEvents
            ? EvolutionEvents.Published.Select(e => TopicNames.Render(entry.Name, kafka.TopicPrefix, instance, e))
            : [TopicNames.Render(entry.Name, kafka.TopicPrefix)];
        return names.Select(name => new TopicSpec(name, entry.Kind, partitions, replication, entry.CleanupPolicy, entry.RetentionMs));
    }
}
