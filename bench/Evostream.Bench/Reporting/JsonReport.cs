using System.Text.Json;
using Evostream.Bench.Measuring;

namespace Evostream.Bench.Reporting;

/// <summary>Everything measured, every run's value included, for tools and for comparing runs.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Render(IReadOnlyList<ScenarioResult> results, Machine machine, Profile profile, DateTimeOffset when) =>
        JsonSerializer.Serialize(
            new
            {
                when,
                machine,
                profile,
                scenarios = results.Select(r => new
                {
                    r.Name,
                    r.Description,
                    r.Configuration,
                    measurements = r.Measurements.Select(m => new
                    {
                        m.Metric,
                        m.Unit,
                        median = m.Subject.Median,
                        spread = m.Subject.Spread,
                        runs = m.Subject.Values,
                        baseline = m.BaselineName,
                        baselineMedian = m.Baseline?.Median,
                        baselineRuns = m.Baseline?.Values,
                        m.Ratio,
                        m.Target,
                    }),
                    series = r.Series?.Select(s => new { s.Name, s.XLabel, s.YLabel, points = s.Points.Select(p => new { x = p.X, y = p.Y }) }),
                }),
            },
            s_options);
}
