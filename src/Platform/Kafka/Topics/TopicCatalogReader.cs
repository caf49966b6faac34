using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Evostream.Platform.Kafka.Topics;

/// <summary>
/// Reads and validates topics/catalog.yaml. It walks the YAML by hand rather than deserialising it, so that every
/// problem can name its entry, field and line; it collects them all before failing, so one edit fixes the file.
/// </summary>
internal sealed partial class TopicCatalogReader(string source)
{
    private const int MaxPartitions = 10_000;
    // SettingsReader allows KAFKA_TOPIC_PREFIX up to 64 characters; every name must fit with the longest.
    private const int MaxPrefixLength = 64;

    private static readonly string[] s_rootFields = ["defaults", "topics"];
    private static readonly string[] s_defaultFields = ["partitions", "replication", "cleanup_policy", "retention"];
    private static readonly string[] s_entryFields = ["name", "kind", "partitions", "replication", "cleanup_policy", "retention", "description"];

    private readonly List<string> _errors = [];

    public TopicCatalog Read(TextReader text)
    {
        var root = Load(text);
        if (root is not YamlMappingNode mapping)
        {
            throw Invalid($"the document must be a mapping with 'defaults' and 'topics' (line {Line(root)}).");
        }

        var fields = Fields(mapping, "catalog", s_rootFields);
        var defaults = fields.TryGetValue("defaults", out var defaultsNode) ? Defaults(defaultsNode) : Settings.None;
        var entries = new List<TopicEntry>();
        if (!fields.TryGetValue("topics", out var topicsNode))
        {
            _errors.Add("catalog: 'topics' is missing; list the topics under it.");
        }
        else if (topicsNode is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            _errors.Add($"catalog topics: expected a non-empty list of topic entries (line {Line(topicsNode)}).");
        }
        else
        {
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                if (Entry(sequence.Children[i], i, defaults) is { } entry)
                {
                    entries.Add(entry);
                }
            }

            CheckCatalog(entries);
        }

        return _errors.Count == 0 ? new TopicCatalog(entries) : throw Invalid();
    }

    /// <summary>The defaults section; <paramref name="Given"/> holds its fields, valid or not, so an invalid default is reported once, not per entry.</summary>
    private sealed record Settings(int? Partitions, short? Replication, CleanupPolicy? CleanupPolicy, long? RetentionMs, IReadOnlyCollection<string> Given)
    {
        public static readonly Settings None = new(null, null, null, null, []);
    }

    private YamlNode Load(TextReader text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException e)
        {
            throw Invalid($"not valid YAML: {e.Message}");
        }

        return stream.Documents.Count == 1 ? stream.Documents[0].RootNode : throw Invalid($"expected one YAML document, found {stream.Documents.Count}.");
    }

    private Settings Defaults(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            _errors.Add($"defaults: expected a mapping of {string.Join(", ", s_defaultFields)} (line {Line(node)}).");
            return Settings.None;
        }

        var fields = Fields(mapping, "defaults", s_defaultFields);
        return new Settings(
            Partitions(fields, "defaults"),
            Replication(fields, "defaults"),
            Cleanup(fields, "defaults"),
            Retention(fields, "defaults"),
            fields.Keys);
    }

    private TopicEntry? Entry(YamlNode node, int index, Settings defaults)
    {
        if (node is not YamlMappingNode mapping)
        {
            _errors.Add($"topics[{index}]: expected a mapping with {string.Join(", ", s_entryFields)} (line {Line(node)}).");
            return null;
        }

        var name = Scalar(mapping, "name");
        var where = name is null ? $"topics[{index}]" : $"topics[{index}] ({name})";
        var errorsBefore = _errors.Count;
        var fields = Fields(mapping, where, s_entryFields);

        if (name is null)
        {
            _errors.Add($"{where}: 'name' is missing (line {Line(mapping)}).");
        }

        TopicKind? kind = null;
        if (Text(fields, where, "kind") is { } kindText)
        {
            kind = TopicKinds.Parse(kindText);
            if (kind is null)
            {
                Error(fields["kind"], where, "kind", $"'{kindText}' is not one of {string.Join(", ", TopicKinds.Names)}");
            }
        }
        else if (!fields.ContainsKey("kind"))
        {
            _errors.Add($"{where}: 'kind' is missing; use one of {string.Join(", ", TopicKinds.Names)} (line {Line(mapping)}).");
        }

        var partitions = Partitions(fields, where) ?? Inherit(defaults.Partitions, defaults, fields, where, "partitions", mapping);
        var replication = Replication(fields, where) ?? Inherit(defaults.Replication, defaults, fields, where, "replication", mapping);
        var cleanup = Cleanup(fields, where) ?? Inherit(defaults.CleanupPolicy, defaults, fields, where, "cleanup_policy", mapping);
        var retention = Retention(fields, where);
        if (cleanup == CleanupPolicy.Compact && retention is not null)
        {
            Error(fields["retention"], where, "retention",
                "cleanup_policy compact keeps the latest record per key forever and takes no retention; use compact,delete to also drop old records");
        }
        else if (cleanup is { } policy && policy.Deletes())
        {
            retention ??= Inherit(defaults.RetentionMs, defaults, fields, where, "retention", mapping);
        }

        var description = Text(fields, where, "description");
        if (string.IsNullOrWhiteSpace(description))
        {
            _errors.Add($"{where}: 'description' is missing; say what the topic holds and who reads it (line {Line(mapping)}).");
        }

        if (name is not null && kind is { } k)
        {
            CheckName(fields["name"], where, name, k);
            if (cleanup is { } c)
            {
                CheckCleanup(fields.GetValueOrDefault("cleanup_policy") ?? mapping, where, k, c);
            }
        }

        // A field can also be missing because its default is invalid, which has been reported with the defaults.
        return _errors.Count == errorsBefore && name is not null && kind is { } validKind && partitions is { } validPartitions
            && replication is { } validReplication && cleanup is { } validCleanup && description is not null
                ? new TopicEntry(name, validKind, validPartitions, validReplication, validCleanup, retention, description.Trim())
                : null;
    }

    private void CheckName(YamlNode node, string where, string name, TopicKind kind)
    {
        var fixedPattern = kind switch
        {
            TopicKind.GlobalEvents => TopicNames.GlobalEventPattern,
            TopicKind.InstanceEvents => TopicNames.InstanceEventPattern,
            _ => null,
        };
        if (fixedPattern is not null)
        {
            if (name != fixedPattern)
            {
                Error(node, where, "name", $"{kind.Name()} topics must be named '{fixedPattern}': Evolution's consumers subscribe to exactly that");
            }

            return;
        }

        foreach (Match placeholder in Placeholder().Matches(name))
        {
            if (placeholder.Value != "{prefix}")
            {
                Error(node, where, "name", $"{placeholder.Value} is not a placeholder {kind.Name()} topics can use; only {{prefix}} is");
                return;
            }
        }

        var longest = TopicNames.Render(name, new string('p', MaxPrefixLength));
        if (!TopicNames.IsLegal(TopicNames.Render(name, "p")))
        {
            Error(node, where, "name", "must be made of a-z, A-Z, 0-9, '.', '_', '-' and {prefix}");
        }
        else if (longest.Length > TopicNames.MaxLength)
        {
            Error(node, where, "name", $"is {longest.Length} characters with a {MaxPrefixLength}-character KAFKA_TOPIC_PREFIX; Kafka allows {TopicNames.MaxLength}");
        }
    }

    private void CheckCleanup(YamlNode node, string where, TopicKind kind, CleanupPolicy cleanup)
    {
        if (kind == TopicKind.State && !cleanup.Compacts())
        {
            Error(node, where, "cleanup_policy", "state topics must be compacted (compact or compact,delete), or state older than the retention is lost");
        }
        else if (kind != TopicKind.State && cleanup.Compacts())
        {
            Error(node, where, "cleanup_policy", $"{kind.Name()} topics must be delete: compaction would keep only the latest record per key, and these are keyed by instance");
        }
    }

    private void CheckCatalog(List<TopicEntry> entries)
    {
        foreach (var duplicate in entries.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            _errors.Add($"catalog: '{duplicate.Key}' is listed {duplicate.Count()} times.");
        }

        foreach (var kind in new[] { TopicKind.GlobalEvents, TopicKind.InstanceEvents })
        {
            if (!entries.Any(e => e.Kind == kind))
            {
                _errors.Add($"catalog: no {kind.Name()} entry; Evolution compatibility needs the '{(kind == TopicKind.GlobalEvents ? TopicNames.GlobalEventPattern : TopicNames.InstanceEventPattern)}' topics.");
            }
        }

        var pipeline = entries.Where(e => e.Kind is TopicKind.Commands or TopicKind.State).ToList();
        foreach (var entry in pipeline.Where(e => e.Partitions != pipeline[0].Partitions))
        {
            _errors.Add($"{entry.Name} partitions: {entry.Partitions} differs from {pipeline[0].Name}'s {pipeline[0].Partitions}; "
                + "commands and state topics must share one partition count, because state is restored per partition of the commands it belongs to.");
        }
    }

    private Dictionary<string, YamlNode> Fields(YamlMappingNode mapping, string where, string[] allowed)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key))
            {
                _errors.Add($"{where}: unknown field '{key}'; the fields are {string.Join(", ", allowed)} (line {Line(keyNode)}).");
            }
            else
            {
                fields[key] = value;
            }
        }

        return fields;
    }

    private string? Text(Dictionary<string, YamlNode> fields, string where, string field)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Error(node, where, field, "expected a single value");
        return null;
    }

    private int? Partitions(Dictionary<string, YamlNode> fields, string where) =>
        (int?)Number(fields, where, "partitions", 1, MaxPartitions);

    private short? Replication(Dictionary<string, YamlNode> fields, string where) =>
        (short?)Number(fields, where, "replication", 1, short.MaxValue);

    private long? Number(Dictionary<string, YamlNode> fields, string where, string field, long min, long max)
    {
        if (Text(fields, where, field) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(fields[field], where, field, $"'{text}' is not a whole number from {min} to {max}");
        return null;
    }

    private CleanupPolicy? Cleanup(Dictionary<string, YamlNode> fields, string where)
    {
        if (Text(fields, where, "cleanup_policy") is not { } text)
        {
            return null;
        }

        var policy = CleanupPolicies.Parse(text);
        if (policy is null)
        {
            Error(fields["cleanup_policy"], where, "cleanup_policy", $"'{text}' is not one of delete, compact, compact,delete");
        }

        return policy;
    }

    private long? Retention(Dictionary<string, YamlNode> fields, string where)
    {
        if (Text(fields, where, "retention") is not { } text)
        {
            return null;
        }

        var millis = TopicRetention.ParseMillis(text);
        if (millis is null)
        {
            Error(fields["retention"], where, "retention", $"'{text}' is not a duration such as 7d, 12h, 30m, 45s, 500ms, or forever");
        }

        return millis;
    }

    /// <summary>The default for a field the entry leaves out; a field given but invalid, here or in defaults, has been reported already.</summary>
    private T? Inherit<T>(T? fallback, Settings defaults, Dictionary<string, YamlNode> fields, string where, string field, YamlNode entry)
        where T : struct
    {
        if (fallback is null && !fields.ContainsKey(field) && !defaults.Given.Contains(field))
        {
            _errors.Add($"{where}: '{field}' is missing and defaults gives none (line {Line(entry)}).");
        }

        return fallback;
    }

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private void Error(YamlNode node, string where, string field, string problem) =>
        _errors.Add($"{where} {field}: {problem} (line {Line(node)}).");

    private static string Line(YamlNode node) => node.Start.Line.ToString(CultureInfo.InvariantCulture);

    private TopicCatalogException Invalid(string? error = null) => new(source, error is null ? [.. _errors] : [error]);

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();
}
