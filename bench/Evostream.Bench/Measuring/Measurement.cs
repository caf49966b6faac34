namespace Evostream.Bench.Measuring;

/// <summary>
/// One number a scenario reports, with the raw baseline measured in the same run on the same stack when there is one.
/// Ratio is always "how good compared with the baseline": subject/baseline for rates, baseline/subject for costs.
/// </summary>
public sealed record Measurement(string Metric, string Unit, Samples Subject, Samples? Baseline = null, string? BaselineName = null, bool HigherIsBetter = true, double? Target = null)
{
    public double? Ratio => Baseline is null || Baseline.Median == 0 || Subject.Median == 0
        ? null
        : HigherIsBetter ? Subject.Median / Baseline.Median : Baseline.Median / Subject.Median;
}
