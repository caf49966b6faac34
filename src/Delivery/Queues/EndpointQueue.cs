using System.Collections.Concurrent;
using Evostream.Delivery.Configuration;

namespace Evostream.Delivery.Queues;

/// <summary>
/// The deliveries of one instance to one target, in feed order: the head is tried until it is delivered or parked,
/// then the next one goes. Each queue runs on its own, so a failing endpoint holds back only its own events, never
/// another endpoint, another instance or the Kafka log.
/// </summary>
public sealed class EndpointQueue : IDisposable
{
    private readonly Queue<DeliveryJob> _jobs = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly WebhookSender _sender;
    private readonly RetryPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<AttemptReport> _reports;
    private readonly int _generation;

    public EndpointQueue(WebhookSender sender, RetryPolicy policy, TimeProvider time, ConcurrentQueue<AttemptReport> reports, int generation, CancellationToken ct)
    {
        _sender = sender;
        _policy = policy;
        _time = time;
        _reports = reports;
        _generation = generation;
        Worker = Task.Run(() => RunAsync(ct), CancellationToken.None);
    }

    public Task Worker { get; }

    public void Enqueue(DeliveryJob job)
    {
        lock (_jobs)
        {
            _jobs.Enqueue(job);
        }

        _signal.Release();
    }

    /// <summary>Called once the worker has stopped (its partition's token was cancelled).</summary>
    public void Dispose() => _signal.Dispose();

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                DeliveryJob? job;
                lock (_jobs)
                {
                    _jobs.TryPeek(out job);
                }

                if (job is null)
                {
                    await _signal.WaitAsync(ct);
                    continue;
                }

                var wait = job.NextAttemptAt - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, ct);
                }

                var result = await _sender.SendAsync(job, ct);
                job.Attempts++;
                job.LastStatus = result.Status;
                job.LastError = result.Error;
                var now = _time.GetUtcNow();
                AttemptOutcome outcome;
                if (result.Succeeded)
                {
                    outcome = AttemptOutcome.Delivered;
                }
                else if (!result.Final && _policy.Retries(result.Status) && job.Attempts < _policy.MaxAttempts)
                {
                    job.NextAttemptAt = now + _policy.DelayAfter(job.Attempts, Random.Shared.NextDouble());
                    outcome = AttemptOutcome.WillRetry;
                }
                else
                {
                    outcome = AttemptOutcome.Parked;
                }

                if (outcome != AttemptOutcome.WillRetry)
                {
                    lock (_jobs)
                    {
                        _jobs.Dequeue();
                    }
                }

                _reports.Enqueue(new AttemptReport(job, outcome, _generation, now));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The partition left this replica; its new owner starts from the committed offsets.
        }
    }
}
