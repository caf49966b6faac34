using System.Globalization;
using System.Text;
using Evostream.Bench.Measuring;

namespace Evostream.Bench.Reporting;

/// <summary>The human-readable report: one row per measurement, with its baseline, ratio and target, then each scenario's configuration.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<ScenarioResult> results, Machine machine, Profile profile, DateTimeOffset when, string? chartFile, IReadOnlyList<string>? failures = null)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {when:yyyy-MM-dd HH:mm} UTC on {machine.Cores} cores, {machine.MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB, {machine.Os}, {machine.Runtime}; commit `{machine.Commit}`; profile `{profile.Name}` ({profile.WarmUps} warm-up, {profile.Runs} measured runs per number).");
        md.AppendLine();
        md.AppendLine("Regenerate with `./evostream bench --profile full` (or `--profile quick` for a smoke run). Medians over the measured runs; spread is (max − min) / median. The ratio compares Evostream with the raw baseline measured in the same run on the same embedded stack: higher is better, 1.0 means as fast as the baseline.");
        md.AppendLine();
        md.AppendLine("| scenario | metric | Evostream | spread | baseline | baseline median | ratio | target |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var result in results)
        {
            foreach (var m in result.Measurements)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {result.Name} | {m.Metric} | {Numbers.Format(m.Subject.Median)} {m.Unit} | {Numbers.Percent(m.Subject.Spread)} | {m.BaselineName ?? "—"} | {(m.Baseline is null ? "—" : Numbers.Format(m.Baseline.Median) + " " + m.Unit)} | {(m.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "—")} | {Target(m)} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Configuration").AppendLine();
        foreach (var result in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{result.Name}**: {result.Description}. {string.Join(", ", result.Configuration.Select(c => $"{c.Key} {c.Value}"))}.");
        }

        if (failures is { Count: > 0 })
        {
            md.AppendLine().AppendLine("## Failed scenarios").AppendLine();
            foreach (var failure in failures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {failure}");
            }
        }

        if (chartFile is not null)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"![chart]({chartFile})");
        }

        return md.ToString();
    }

    private static string Target(Measurement m) => m.Target is not { } target ? "—"
        : m.Ratio is { } ratio ? $"≥ {target:0.##}× {(ratio >= target ? "met" : "**not met**")}"
        : m.HigherIsBetter ? $"≥ {Numbers.Format(target)} {m.Unit} {(m.Subject.Median >= target ? "met" : "**not met**")}"
        : $"≤ {Numbers.Format(target)} {m.Unit} {(m.Subject.Median <= target ? "met" : "**not met**")}";
}
