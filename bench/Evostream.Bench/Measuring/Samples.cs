namespace Evostream.Bench.Measuring;

/// <summary>The values of repeated runs of one measurement (warm-up excluded), summarised as median and spread.</summary>
public sealed record Samples(IReadOnlyList<double> Values)
{
    public double Median
    {
        get
        {
            var sorted = Values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN
                : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
                : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public double Min => Values.Count == 0 ? double.NaN : Values.Min();

    public double Max => Values.Count == 0 ? double.NaN : Values.Max();

    /// <summary>(max − min) / median: how far apart the runs were, as a fraction of the typical one.</summary>
    public double Spread => Median == 0 ? 0 : (Max - Min) / Median;
}
