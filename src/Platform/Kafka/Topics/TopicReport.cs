namespace Evostream.Platform.Kafka.Topics;

public sealed record ApplyOptions(bool GrowPartitions = false, bool DryRun = false);

/// <summary>Missing is what a dry run (or KAFKA_AUTO_CREATE_TOPICS=false) leaves uncreated.</summary>
public enum TopicAction { Created, Unchanged, Grown, Drift, Missing, Failed }

public sealed record TopicOutcome(string Topic, TopicAction Action, string Detail);

public sealed record TopicReport(string Target, IReadOnlyList<TopicOutcome> Outcomes, IReadOnlyList<string> Notes)
{
    public bool HasFailures => Outcomes.Any(o => o.Action == TopicAction.Failed);

    public bool HasDrift => Outcomes.Any(o => o.Action == TopicAction.Drift);

    public int Count(TopicAction action) => Outcomes.Count(o => o.Action == action);

    public IEnumerable<TopicOutcome> Where(TopicAction action) => Outcomes.Where(o => o.Action == action);

    public string Summary =>
        string.Join(", ", Enum.GetValues<TopicAction>().Select(a => $"{Count(a)} {a.ToString().ToLowerInvariant()}"));
}
