using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evostream.CommandProcessor.State;

/// <summary>
/// An instance lifecycle change this processor accepted and the connector has not applied yet: a create makes the
/// name taken at once, a delete makes the instance gone at once, whatever the connector's state still says.
/// </summary>
internal sealed record OwnInstanceView(bool Exists, string InstanceId, bool HoldUntilConnected, string CommandId, DateTimeOffset At);

/// <summary>The first command accepted with an idempotency key, and when.</summary>
internal sealed record IdempotencyEntry(string CommandId, DateTimeOffset At);

/// <summary>
/// One instance's rate-shaping reservations: when its last shaped send may run, the release times inside the
/// rolling day (for the warm-up cap), and the last release per recipient. Release times only grow, so the lists stay sorted.
/// </summary>
internal sealed record RateState(DateTimeOffset? LastRelease, List<DateTimeOffset> DayReleases, Dictionary<string, DateTimeOffset> Recipients)
{
    public static RateState Empty() => new(null, [], new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OwnInstanceView))]
[JsonSerializable(typeof(IdempotencyEntry))]
[JsonSerializable(typeof(RateState))]
internal sealed partial class ProcessorStateJson : JsonSerializerContext;
