using Evostream.CommandProcessor.State;
using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// Rules about a command against what the processor knows of its instance: whether it exists, whether it is connected,
/// whether its idempotency key was used already. Pure: the facts are looked up by the caller.
/// </summary>
internal static class InstanceRules
{
    /// <summary>A repeat of an idempotency key still inside its window; null when <paramref name="original"/> is.</summary>
    public static Rejection? Repeat(CommandEnvelope command, IdempotencyEntry? original) => original is null ? null
        : new Rejection("idempotencyKey",
            $"'{command.IdempotencyKey}' was already used by command {original.CommandId} (accepted {original.At:O}); this repeat is not executed",
            Rejection.Conflict, original.CommandId);

    /// <summary>A create needs a free name; every other command an instance that exists.</summary>
    public static Rejection? Existence(CommandEnvelope command, InstanceFacts facts) => command.CommandCase == Case.CreateInstance
        ? facts.Exists ? new Rejection("instanceName", $"'{command.Instance}' is taken: an instance with this name already exists", Rejection.Conflict) : null
        : facts.Exists ? null
        : new Rejection("instance", facts.WasDeleted ? $"'{command.Instance}' was deleted" : $"'{command.Instance}' does not exist", Rejection.NotFound);

    /// <summary>A send to an instance that is not connected, unless its settings hold sends until it connects.</summary>
    public static Rejection? Connection(CommandEnvelope command, InstanceFacts facts) => facts.IsOpen || facts.HoldUntilConnected ? null
        : new Rejection("instance",
            $"'{command.Instance}' is not connected (state: {facts.Connection}); connect it first, or set holdUntilConnected in its settings to hold sends until it connects",
            Rejection.Conflict);
}
