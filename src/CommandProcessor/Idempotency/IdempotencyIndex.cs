using Evostream.CommandProcessor.State;

namespace Evostream.CommandProcessor.Idempotency;

/// <summary>
/// Idempotency keys per instance. A key is recorded when its command is accepted (a rejected command may be retried
/// with the same key); a repeat inside the window is rejected with <c>duplicate_of</c> naming the original command.
/// </summary>
internal static class IdempotencyIndex
{
    public static IdempotencyEntry? Original(PartitionState state, string instance, string key, TimeSpan window, DateTimeOffset now) =>
        key.Length > 0 && state.Idempotency.TryGetValue((instance, key), out var entry) && entry.At + window > now ? entry : null;

    /// <summary>Keys whose window has ended, to tombstone.</summary>
    public static List<(string Instance, string Key)> Expired(PartitionState state, TimeSpan window, DateTimeOffset now) =>
        [.. state.Idempotency.Where(e => e.Value.At + window <= now).Select(e => e.Key)];
}
