namespace Evostream.Platform.Kafka.Topics;

/// <summary>Where a catalog entry applies and what it may be; see topics/catalog.yaml.</summary>
public enum TopicKind { Commands, State, DeadLetter, EventFeed, GlobalEvents, InstanceEvents }

public static class TopicKinds
{
    private static readonly (string Name, TopicKind Kind)[] s_names =
    [
        ("commands", TopicKind.Commands), ("state", TopicKind.State), ("dead-letter", TopicKind.DeadLetter),
        ("event-feed", TopicKind.EventFeed),
        ("global-events", TopicKind.GlobalEvents), ("instance-events", TopicKind.InstanceEvents),
    ];

    public static IEnumerable<string> Names => s_names.Select(n => n.Name);

    public static TopicKind? Parse(string text) =>
        s_names.Where(n => n.Name == text).Select(n => (TopicKind?)n.Kind).FirstOrDefault();

    public static string Name(this TopicKind kind) => s_names.First(n => n.Kind == kind).Name;
}
