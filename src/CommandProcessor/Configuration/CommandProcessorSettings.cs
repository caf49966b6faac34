using Evostream.Platform.Streaming;

namespace Evostream.CommandProcessor.Configuration;

/// <summary>The command processor's own settings (<c>EVOSTREAM_*</c>), read by <see cref="CommandProcessorSettingsReader"/>.</summary>
/// <param name="ReplicaId">Stable per replica (<c>EVOSTREAM_REPLICA_ID</c>, as for the connector); names the transactional id so a restarted replica fences its predecessor.</param>
/// <param name="IdempotencyWindow">How long a repeated idempotency key is recognised.</param>
/// <param name="DefaultRates">Rate limits of every instance without an override.</param>
/// <param name="InstanceRates">Per-instance overrides, replacing the defaults whole.</param>
/// <param name="MaxRateDelay">A command rate shaping would hold longer than this is rejected (429) instead.</param>
/// <param name="MaxScheduleAhead">How far ahead <c>sendAt</c> and <c>delay</c> may reach; further is rejected (429).</param>
internal sealed record CommandProcessorSettings(
    string ReplicaId,
    TimeSpan IdempotencyWindow,
    RateLimits DefaultRates,
    IReadOnlyDictionary<string, RateLimits> InstanceRates,
    TimeSpan MaxRateDelay,
    TimeSpan MaxScheduleAhead)
{
    public const string Role = "command-processor";

    public static CommandProcessorSettings Defaults { get; } = new(
        "0", TimeSpan.FromHours(24), RateLimits.None, new Dictionary<string, RateLimits>(), TimeSpan.FromHours(1), TimeSpan.FromDays(30));

    public string TransactionalId(string prefix) => StreamOptions.TransactionalIdOf(prefix, Role, ReplicaId);

    public RateLimits RatesFor(string instance) => InstanceRates.TryGetValue(instance, out var rates) ? rates : DefaultRates;
}
