namespace Evostream.Connector.Drivers.Simulator.Network;

/// <summary>
/// The network's one clock: every delayed thing (QR refresh, receipts, reconnects) is an entry in one priority
/// queue, ordered by due time then by scheduling order, served by one timer. 10,000 instances cost 10,000 queue
/// entries, not 10,000 timers. Due work runs under the network's lock, in order, so a seed replays identically.
/// </summary>
internal sealed class SimulatorScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate;
    private readonly PriorityQueue<Action, (DateTimeOffset Due, long Seq)> _queue = new();
    private readonly ITimer _timer;
    private long _seq;
    private DateTimeOffset? _armedFor;

    public SimulatorScheduler(TimeProvider time, Lock gate)
    {
        _time = time;
        _gate = gate;
        _timer = time.CreateTimer(_ => RunDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> under the network lock once <paramref name="delay"/> has passed. Call with the lock held.</summary>
    public void After(TimeSpan delay, Action work)
    {
        var due = _time.GetUtcNow() + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        _queue.Enqueue(work, (due, _seq++));
        if (_armedFor is null || due < _armedFor)
        {
            Arm(due);
        }
    }

    private void Arm(DateTimeOffset due)
    {
        _armedFor = due;
        var wait = due - _time.GetUtcNow();
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private void RunDue()
    {
        lock (_gate)
        {
            _armedFor = null;
            while (_queue.TryPeek(out _, out var key) && key.Due <= _time.GetUtcNow())
            {
                _queue.Dequeue()();
            }

            if (_queue.TryPeek(out _, out var next))
            {
                Arm(next.Due);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
