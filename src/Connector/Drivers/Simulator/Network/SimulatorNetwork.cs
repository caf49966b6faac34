using Evostream.Connector.Drivers.Simulator.Journal;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator.Network;

/// <summary>
/// A fake WhatsApp network inside the process: accounts, linked devices, chats, groups, receipts, limits and bans.
/// Deterministic under its seed: one lock orders every change, one scheduler orders every delayed one, and all
/// randomness comes from one seeded generator, so the same seed and the same inputs give the same events.
/// </summary>
public sealed partial class SimulatorNetwork : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly SimulatorScheduler _scheduler;
    private readonly SimulatorJournal? _journal;
    private readonly Dictionary<string, Phone> _phones = new(StringComparer.Ordinal);
    private readonly HashSet<string> _absent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatorSession> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SentMessage> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    public SimulatorNetwork(SimulatorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Time = time;
        _random = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
        _scheduler = new SimulatorScheduler(time, _gate);
        if (options.JournalDirectory is { } directory)
        {
            _journal = SimulatorJournal.Open(directory, out var state);
            _sent.UnionWith(state.Sent);
            foreach (var (number, device) in state.Links)
            {
                Account(number).Device = device;
            }

            foreach (var number in state.Banned)
            {
                Account(number).Banned = true;
            }
        }
    }

    public SimulatorOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>Delayed work waiting in the one scheduler (receipts, QR refreshes, reconnects).</summary>
    public int PendingWork => _scheduler.Pending;

    private DateTimeOffset Now => Time.GetUtcNow();

    private uint UnixNow => (uint)Now.ToUnixTimeSeconds();

    /// <summary>Opens a session; an instance has at most one open session in a process.</summary>
    internal SimulatorSession Open(string instance, string instanceId, ReadOnlyMemory<byte>? credentials)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(instance, out var existing) && !existing.Disposed)
            {
                throw new InvalidOperationException($"instance '{instance}' already has an open simulator session in this process; stop it first.");
            }

            var session = new SimulatorSession(this, instance, instanceId);
            _sessions[instance] = session;
            if (credentials is { } blob)
            {
                Resume(session, blob);
            }

            return session;
        }
    }

    /// <summary>The session closes its connection but keeps its link.</summary>
    internal void Stop(SimulatorSession session)
    {
        lock (_gate)
        {
            Detach(session);
            session.Linking = null;
            session.State = SessionState.Close;
        }
    }

    internal void Close(SimulatorSession session)
    {
        lock (_gate)
        {
            Stop(session);
            session.Disposed = true;
            session.Complete();
            if (_sessions.TryGetValue(session.Instance, out var current) && ReferenceEquals(current, session))
            {
                _sessions.Remove(session.Instance);
            }
        }
    }

    internal bool WasSent(string messageId)
    {
        lock (_gate)
        {
            return KnowsSent(messageId);
        }
    }

    /// <summary>
    /// Whether the network has this message id. Another process sharing the journal (a replica that died, say) may
    /// have sent it after this one started, so an unknown id is looked up in what the journal gained since.
    /// </summary>
    private bool KnowsSent(string messageId)
    {
        if (!_sent.Contains(messageId) && _journal is not null)
        {
            var news = new JournalState();
            _journal.ReadNew(news);
            _sent.UnionWith(news.Sent);
        }

        return _sent.Contains(messageId);
    }

    /// <summary>Whether WhatsApp has an account for this number (used by onWhatsApp / whatsappNumbers).</summary>
    public bool IsOnNetwork(string number)
    {
        lock (_gate)
        {
            return Exists(number);
        }
    }

    // Every well-formed number has an account unless the control surface took it off the network.
    private bool Exists(string number) => !_absent.Contains(number);

    private Phone Account(string number)
    {
        if (!_phones.TryGetValue(number, out var phone))
        {
            phone = new Phone(number);
            _phones[number] = phone;
        }

        return phone;
    }

    /// <summary>Forgets scheduled work for the session and releases its number's connection slot.</summary>
    private void Detach(SimulatorSession session)
    {
        session.Generation++;
        if (session.Number is { } number && _phones.TryGetValue(number, out var phone) && ReferenceEquals(phone.Live, session))
        {
            phone.Live = null;
        }
    }

    /// <summary>Schedules work for a session that is dropped if the session's state moved on in between.</summary>
    private void Later(SimulatorSession session, TimeSpan delay, Action work)
    {
        var generation = session.Generation;
        _scheduler.After(delay, () =>
        {
            if (session.Generation == generation && !session.Disposed)
            {
                work();
            }
        });
    }

    private string NewMessageId()
    {
        Span<byte> bytes = stackalloc byte[8];
        _random.NextBytes(bytes);
        return "3EB0" + Convert.ToHexString(bytes);
    }

    private EventEnvelope Event(SimulatorSession session, string name, Action<EventEnvelope> data) =>
        Events.Envelope(name, session.Instance, session.Sender, Now, data);

    private void Emit(SimulatorSession session, string name, Action<EventEnvelope> data) => session.Emit(Event(session, name, data));

    private void ConnectionUpdate(SimulatorSession session, string state, int reason)
    {
        Emit(session, "connection.update", e =>
        {
            e.ConnectionUpdate = new ConnectionUpdate { Instance = session.Instance, State = state, StatusReason = reason };
            if (state == "open" && session.Number is { } number)
            {
                e.ConnectionUpdate.Wuid = Jids.User(number);
                e.ConnectionUpdate.ProfileName = Account(number).PushName ?? number;
            }
        });
    }

    public void Dispose()
    {
        _scheduler.Dispose();
        _journal?.Dispose();
    }
}
