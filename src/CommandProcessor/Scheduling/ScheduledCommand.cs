using Evostream.Contracts.V1;

namespace Evostream.CommandProcessor.Scheduling;

/// <summary>An accepted command waiting on the schedules topic: for its time, or (with no due time) for its instance to connect.</summary>
/// <param name="Sequence">Acceptance order, which breaks ties between equal due times.</param>
internal sealed record ScheduledCommand(string ScheduleId, CommandEnvelope Command, DateTimeOffset? Due, string Reason, long Sequence)
{
    public bool IsHeld => Due is null;

    public string Instance => Command.Instance;
}
