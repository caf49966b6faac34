namespace Evostream.Delivery.Configuration;

/// <summary>
/// Evolution's webhook retry rule (WEBHOOK_RETRY_*): <see cref="MaxAttempts"/> tries in all; before try n+1 it waits
/// min(initial·2^(n-1), max) (or initial without exponential backoff), moved by ±jitter, never below initial.
/// Statuses in <see cref="NonRetryable"/> park the delivery at once.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, bool Exponential, TimeSpan MaxDelay, double Jitter, IReadOnlySet<int> NonRetryable)
{
    public static RetryPolicy Evolution { get; } = new(10, TimeSpan.FromSeconds(5), true, TimeSpan.FromSeconds(300), 0.2, new HashSet<int> { 400, 401, 403, 404, 422 });

    /// <param name="attempts">Tries made so far (1 after the first).</param>
    /// <param name="random">A uniform sample in [0, 1).</param>
    public TimeSpan DelayAfter(int attempts, double random)
    {
        var nominal = Exponential
            ? Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1)), MaxDelay.TotalMilliseconds)
            : InitialDelay.TotalMilliseconds;
        var jittered = nominal + (nominal * Jitter * ((random * 2) - 1));
        return TimeSpan.FromMilliseconds(Math.Max(jittered, InitialDelay.TotalMilliseconds));
    }

    /// <summary>Whether a try that ended with <paramref name="status"/> (null: no answer) may be followed by another.</summary>
    public bool Retries(int? status) => status is null || !NonRetryable.Contains(status.Value);
}
