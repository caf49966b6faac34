namespace Evostream.Bench.Measuring;

/// <param name="Configuration">What the numbers were measured with (partitions, batch sizes, transaction interval...).</param>
/// <param name="Series">Optional x/y series for charts (e.g. throughput by instance count).</param>
public sealed record ScenarioResult(
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Configuration,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<Series>? Series = null);

public sealed record Series(string Name, string XLabel, string YLabel, IReadOnlyList<(double X, double Y)> Points);
