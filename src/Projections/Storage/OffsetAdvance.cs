namespace Evostream.Projections.Storage;

/// <summary>
/// One partition's move in a batch: from <see cref="Expected"/> (what the store held when this projector last read or
/// wrote it; -1 when it held nothing) to <see cref="Next"/>, the offset after the batch's last record.
/// </summary>
public sealed record OffsetAdvance(string Topic, int Partition, long Expected, long Next);

/// <summary>
/// The stored offsets were not what this projector expected: another projector (a replica that took the partition
/// over, or a rebuild that swapped the tables) wrote them. The batch is not written; reload and seek.
/// </summary>
public sealed class OffsetConflictException(string message) : Exception(message);
