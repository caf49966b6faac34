using Evostream.Platform.Kafka.Topics;

namespace Evostream.Cli.Topics;

internal static class TopicReportPrinter
{
    private const int MaxNameColumn = 64;

    /// <summary>Every topic, one line each, then notes and the summary.</summary>
    public static void Print(TopicReport report, TextWriter output, bool dryRun)
    {
        output.WriteLine($"topics on {report.Target}{(dryRun ? " (dry run: nothing changed)" : "")}");
        Lines(report.Outcomes, output);
        Footer(report, output);
    }

    /// <summary>Only what needs attention (drift, failures, missing), then notes and the summary: for the dev stack's start-up.</summary>
    public static void PrintAttention(TopicReport report, TextWriter output)
    {
        Lines([.. report.Outcomes.Where(o => o.Action is TopicAction.Drift or TopicAction.Failed or TopicAction.Missing)], output);
        Footer(report, output);
    }

    private static void Lines(IReadOnlyList<TopicOutcome> outcomes, TextWriter output)
    {
        var width = Math.Min(MaxNameColumn, outcomes.Select(o => o.Topic.Length).DefaultIfEmpty(0).Max());
        foreach (var outcome in outcomes)
        {
            output.WriteLine($"  {outcome.Action.ToString().ToLowerInvariant(),-9}  {outcome.Topic.PadRight(width)}  {outcome.Detail}");
        }
    }

    private static void Footer(TopicReport report, TextWriter output)
    {
        foreach (var note in report.Notes)
        {
            output.WriteLine((note == TopicProvisioner.GrowWarning ? "warning: " : "note: ") + note);
        }

        output.WriteLine($"{report.Outcomes.Count} topics: {report.Summary}");
    }
}
