namespace Evostream.CommandProcessor.Scheduling;

/// <summary>One partition's waiting commands: timed ones ordered by due time, held ones per instance in acceptance order.</summary>
internal sealed class ScheduleBook
{
    private readonly SortedSet<ScheduledCommand> _timed = new(Comparer<ScheduledCommand>.Create(static (a, b) =>
        a.Due!.Value != b.Due!.Value ? a.Due.Value.CompareTo(b.Due.Value) : a.Sequence.CompareTo(b.Sequence)));

    private readonly Dictionary<string, ScheduledCommand> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ScheduledCommand>> _held = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public IEnumerable<string> InstancesHolding => _held.Keys;

    public void Put(ScheduledCommand entry)
    {
        Remove(entry.ScheduleId);
        _byId[entry.ScheduleId] = entry;
        if (entry.IsHeld)
        {
            if (!_held.TryGetValue(entry.Instance, out var list))
            {
                _held[entry.Instance] = list = [];
            }

            list.Add(entry);
        }
        else
        {
            _timed.Add(entry);
        }
    }

    public bool Remove(string scheduleId)
    {
        if (!_byId.Remove(scheduleId, out var entry))
        {
            return false;
        }

        if (entry.IsHeld)
        {
            var list = _held[entry.Instance];
            list.Remove(entry);
            if (list.Count == 0)
            {
                _held.Remove(entry.Instance);
            }
        }
        else
        {
            _timed.Remove(entry);
        }

        return true;
    }

    public bool IsHolding(string instance) => _held.ContainsKey(instance);

    /// <summary>The held commands of <paramref name="instance"/>, oldest first (a copy: releasing changes the book).</summary>
    public IReadOnlyList<ScheduledCommand> Held(string instance) => _held.TryGetValue(instance, out var list) ? [.. list] : [];

    /// <summary>The timed commands due at <paramref name="now"/>, earliest first (a copy).</summary>
    public IReadOnlyList<ScheduledCommand> DueAt(DateTimeOffset now) => [.. _timed.TakeWhile(e => e.Due!.Value <= now)];
}
