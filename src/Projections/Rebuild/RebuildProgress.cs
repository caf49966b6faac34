namespace Evostream.Projections.Rebuild;

/// <summary>Where a rebuild is: <see cref="Events"/> read of the <see cref="Total"/> the log held when it started.</summary>
public sealed record RebuildProgress(long Events, long Total, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Events / Elapsed.TotalSeconds : 0;

    /// <summary>At the current rate; null until there is one.</summary>
    public TimeSpan? Remaining => EventsPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, Total - Events) / EventsPerSecond) : null;
}

public sealed record RebuildResult(long Events, TimeSpan Elapsed, int Partitions)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Events / Elapsed.TotalSeconds : 0;
}
