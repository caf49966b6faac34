namespace Evostream.Projections.Lag;

/// <summary>How far the read models trail one partition: <see cref="Lag"/> = high watermark − stored next offset.</summary>
public sealed record PartitionLag(string Topic, int Partition, long HighWatermark, long StoredOffset, long Lag);

public sealed record LagReport(long TotalLag, IReadOnlyList<PartitionLag> Partitions);
