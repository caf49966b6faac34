using Evostream.Tests.Infrastructure;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Tests.Topics;

public class TopicCatalogTests
{
    /// <summary>A small valid catalog; tests break one thing in it.</summary>
    private const string Valid = """
        defaults:
          partitions: 12
          replication: 3
          cleanup_policy: delete
          retention: 7d
        topics:
          - name: evostream.{prefix}.commands
            kind: commands
            description: Commands.
          - name: evostream.{prefix}.sessions
            kind: state
            cleanup_policy: compact
            description: Sessions.
          - name: "{prefix}.global.{event}"
            kind: global-events
            description: Global events.
          - name: "{prefix}.{instance}.{event}"
            kind: instance-events
            partitions: 1
            description: Per-instance events.
        """;

    private static TopicCatalogException Fails(string yaml) =>
        Assert.Throws<TopicCatalogException>(() => TopicCatalog.Parse(yaml, "test.yaml"));

    private static string Break(string find, string replace)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        return Valid.Replace(find, replace, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_catalog_is_valid_and_holds_every_kind()
    {
        var catalog = TopicCatalog.BuiltIn;
        Assert.Equal(Enum.GetValues<TopicKind>().Order(), catalog.Entries.Select(e => e.Kind).Distinct().Order());
        Assert.All(catalog.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Description)));
    }

    [Fact]
    public void The_built_in_catalog_is_the_file_in_the_repository()
    {
        var file = Path.Combine(RepoRoot.Path, "topics", "catalog.yaml");
        var fromFile = TopicCatalog.Parse(File.ReadAllText(file), file);
        Assert.Equal(fromFile.Entries, TopicCatalog.BuiltIn.Entries);
    }

    [Fact]
    public void Entries_inherit_defaults_and_keep_their_own_values()
    {
        var entries = TopicCatalog.Parse(Valid, "test.yaml").Entries;
        Assert.Equal(new TopicEntry("evostream.{prefix}.commands", TopicKind.Commands, 12, 3, CleanupPolicy.Delete, 7 * 86_400_000L, "Commands."), entries[0]);
        // Compacted topics take no retention from the defaults: compaction keeps the latest record per key forever.
        Assert.Equal(new TopicEntry("evostream.{prefix}.sessions", TopicKind.State, 12, 3, CleanupPolicy.Compact, null, "Sessions."), entries[1]);
        Assert.Equal(1, entries[3].Partitions);
    }

    [Theory]
    [InlineData("    kind: commands\n    description: Commands.", "    kind: commands\n    partiton: 3\n    description: Commands.",
        "topics[0] (evostream.{prefix}.commands): unknown field 'partiton'; the fields are name, kind, partitions, replication, cleanup_policy, retention, description (line 9).")]
    [InlineData("  partitions: 12", "  partitions: twelve", "defaults partitions: 'twelve' is not a whole number from 1 to 10000 (line 2).")]
    [InlineData("    partitions: 1\n", "    partitions: 0\n", "topics[3] ({prefix}.{instance}.{event}) partitions: '0' is not a whole number from 1 to 10000 (line 19).")]
    [InlineData("  replication: 3", "  replication: -1", "defaults replication: '-1' is not a whole number from 1 to 32767 (line 3).")]
    [InlineData("    kind: commands", "    kind: queue", "topics[0] (evostream.{prefix}.commands) kind: 'queue' is not one of commands, state, dead-letter, event-feed, global-events, instance-events (line 8).")]
    [InlineData("  cleanup_policy: delete", "  cleanup_policy: sometimes", "defaults cleanup_policy: 'sometimes' is not one of delete, compact, compact,delete (line 4).")]
    [InlineData("  retention: 7d", "  retention: 7 days", "defaults retention: '7 days' is not a duration such as 7d, 12h, 30m, 45s, 500ms, or forever (line 5).")]
    [InlineData("    cleanup_policy: compact\n", "    cleanup_policy: delete\n",
        "topics[1] (evostream.{prefix}.sessions) cleanup_policy: state topics must be compacted (compact or compact,delete), or state older than the retention is lost (line 12).")]
    [InlineData("    kind: commands\n", "    kind: commands\n    cleanup_policy: compact,delete\n",
        "topics[0] (evostream.{prefix}.commands) cleanup_policy: commands topics must be delete: compaction would keep only the latest record per key, and these are keyed by instance (line 9).")]
    [InlineData("    cleanup_policy: compact\n", "    cleanup_policy: compact\n    retention: 30d\n",
        "topics[1] (evostream.{prefix}.sessions) retention: cleanup_policy compact keeps the latest record per key forever and takes no retention; use compact,delete to also drop old records (line 13).")]
    [InlineData("\"{prefix}.{instance}.{event}\"", "\"{prefix}.{event}.{instance}\"",
        "topics[3] ({prefix}.{event}.{instance}) name: instance-events topics must be named '{prefix}.{instance}.{event}': Evolution's consumers subscribe to exactly that (line 17).")]
    [InlineData("\"{prefix}.global.{event}\"", "\"{prefix}.all.{event}\"",
        "topics[2] ({prefix}.all.{event}) name: global-events topics must be named '{prefix}.global.{event}': Evolution's consumers subscribe to exactly that (line 14).")]
    [InlineData("evostream.{prefix}.commands", "evostream.{prefix}.{instance}.commands",
        "topics[0] (evostream.{prefix}.{instance}.commands) name: {instance} is not a placeholder commands topics can use; only {prefix} is (line 7).")]
    [InlineData("evostream.{prefix}.commands", "evostream/{prefix}/commands",
        "topics[0] (evostream/{prefix}/commands) name: must be made of a-z, A-Z, 0-9, '.', '_', '-' and {prefix} (line 7).")]
    [InlineData("    description: Commands.\n", "",
        "topics[0] (evostream.{prefix}.commands): 'description' is missing; say what the topic holds and who reads it (line 7).")]
    [InlineData("  - name: evostream.{prefix}.commands\n", "  - name: evostream.{prefix}.sessions\n", "catalog: 'evostream.{prefix}.sessions' is listed 2 times.")]
    [InlineData("    kind: commands\n", "    kind: commands\n    partitions: 6\n",
        "evostream.{prefix}.sessions partitions: 12 differs from evostream.{prefix}.commands's 6; commands and state topics must share one partition count")]
    [InlineData("  - name: \"{prefix}.global.{event}\"\n    kind: global-events\n    description: Global events.\n", "",
        "catalog: no global-events entry; Evolution compatibility needs the '{prefix}.global.{event}' topics.")]
    [InlineData("topics:", "topic:", "catalog: unknown field 'topic'; the fields are defaults, topics (line 6).")]
    [InlineData("    kind: state\n", "    kind: [state]\n", "topics[1] (evostream.{prefix}.sessions) kind: expected a single value (line 11).")]
    public void A_bad_entry_is_named_with_its_field_and_line(string find, string replace, string expected)
    {
        var error = Fails(Break(find, replace));
        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.StartsWith("Topic catalog test.yaml is invalid:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_left_out_without_defaults_are_named()
    {
        var error = Fails(Break("  partitions: 12\n", ""));
        Assert.Contains("topics[0] (evostream.{prefix}.commands): 'partitions' is missing and defaults gives none (line 6).", error.Errors);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var yaml = Break("    kind: commands", "    kind: queue").Replace("  retention: 7d", "  retention: soon", StringComparison.Ordinal);
        Assert.Equal(2, Fails(yaml).Errors.Count);
    }

    [Fact]
    public void Broken_yaml_is_reported_as_such()
    {
        var error = Fails("topics:\n  - name: [unclosed\n");
        Assert.StartsWith("not valid YAML:", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_too_long_for_the_longest_prefix_is_refused()
    {
        var error = Fails(Break("evostream.{prefix}.commands", "evostream.{prefix}." + new string('c', 180)));
        Assert.Contains(error.Errors, e => e.Contains("name: is 255 characters with a 64-character KAFKA_TOPIC_PREFIX; Kafka allows 249", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("7d", 604_800_000L)]
    [InlineData("12h", 43_200_000L)]
    [InlineData("30m", 1_800_000L)]
    [InlineData("45s", 45_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("forever", -1L)]
    public void Retention_reads_units_and_formats_back(string text, long millis)
    {
        Assert.Equal(millis, TopicRetention.ParseMillis(text));
        Assert.Equal(text, TopicRetention.Format(millis));
    }

    [Theory]
    [InlineData("0d")]
    [InlineData("7")]
    [InlineData("d")]
    [InlineData("-1d")]
    [InlineData("99999999999999999999d")]
    public void Retention_refuses_what_is_not_a_positive_duration(string text) => Assert.Null(TopicRetention.ParseMillis(text));

    [Fact]
    public void Topic_names_in_the_catalog_never_need_more_than_the_longest_event()
    {
        Assert.Equal("group-participants.update", EvolutionEvents.Longest);
        Assert.Equal(EvolutionEvents.Published.Count, EvolutionEvents.Published.Distinct().Count());
    }

}
