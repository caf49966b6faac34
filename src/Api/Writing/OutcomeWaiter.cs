using Evostream.Api.Reading;

namespace Evostream.Api.Writing;

/// <summary>
/// Waits, bounded, for a command's final outcome to reach the read model, so a route can answer as Evolution does.
/// Polls with a short growing interval: outcomes usually land within tens of milliseconds.
/// </summary>
public sealed class OutcomeWaiter(OutcomeQueries outcomes, TimeProvider time)
{
    private static readonly TimeSpan s_firstPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan s_maxPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>The final outcome, or the latest non-final one (or null) when <paramref name="wait"/> ran out.</summary>
    public async Task<CommandOutcome?> WaitAsync(string commandId, TimeSpan wait, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + wait;
        var poll = s_firstPoll;
        while (true)
        {
            var outcome = await outcomes.FindAsync(commandId, ct);
            var left = deadline - time.GetUtcNow();
            if (outcome is { IsFinal: true } || left <= TimeSpan.Zero)
            {
                return outcome;
            }

            await Task.Delay(poll < left ? poll : left, time, ct);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, s_maxPoll.Ticks));
        }
    }
}
