using System.Globalization;
using System.Text;

namespace Evostream.Connector.Drivers.Simulator.Journal;

/// <summary>
/// The network's durable memory for crash tests: an append-only text file of accepted sends and of links and
/// unlinks. Each line is flushed to disk (fsync) before the send it records is acknowledged, so a process killed
/// with kill -9 and restarted still answers "did message X go out?" truthfully. Several processes (connector
/// replicas) may share one journal, as they share one WhatsApp: appends are serialised by a named system mutex, and
/// a replica asked about a send it does not know reads what the others appended since.
/// </summary>
internal sealed class SimulatorJournal : IDisposable
{
    public const string FileName = "simulator.journal";

    private readonly FileStream _file;
    private readonly Mutex _writers;
    private long _readTo;

    private SimulatorJournal(FileStream file, Mutex writers, long readTo)
    {
        _file = file;
        _writers = writers;
        _readTo = readTo;
    }

    public static SimulatorJournal Open(string directory, out JournalState state)
    {
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, FileName));
        var writers = new Mutex(false, "evostream-sim-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..32]);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var journal = new SimulatorJournal(file, writers, 0);
        state = new JournalState();
        journal.ReadNew(state);
        return journal;
    }

    /// <summary>Adds what was appended (by any process) since the last read; a torn last line is left for later.</summary>
    public void ReadNew(JournalState state)
    {
        Exclusive(() =>
        {
            var end = _file.Seek(0, SeekOrigin.End);
            if (end <= _readTo)
            {
                return;
            }

            var bytes = new byte[end - _readTo];
            _file.Seek(_readTo, SeekOrigin.Begin);
            _file.ReadExactly(bytes);
            var whole = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            Parse(Encoding.UTF8.GetString(bytes, 0, whole), state);
            _readTo += whole;
        });
    }

    public void Sent(string messageId) => Append($"S {messageId}\n");

    public void Linked(string number, int device) => Append(string.Create(CultureInfo.InvariantCulture, $"L {number} {device}\n"));

    public void Unlinked(string number) => Append($"U {number}\n");

    public void Banned(string number) => Append($"B {number}\n");

    private void Append(string line) => Exclusive(() =>
    {
        // .NET writes at its own file offset (no O_APPEND): the end is found again under the lock.
        var end = _file.Seek(0, SeekOrigin.End);
        if (end > 0)
        {
            _file.Seek(-1, SeekOrigin.End);
            if (_file.ReadByte() != '\n')
            {
                // A writer died mid-line, before its fsync returned (its send was never acknowledged): the torn line
                // is marked so no reader takes it for a record, and ended so this one starts afresh.
                _file.Write(" ~torn\n"u8);
            }
        }

        _file.Write(Encoding.UTF8.GetBytes(line));
        _file.Flush(flushToDisk: true);
    });

    private void Exclusive(Action action)
    {
        try
        {
            _writers.WaitOne();
        }
        catch (AbandonedMutexException)
        {
            // Its holder was killed; the mutex is ours now and a torn line it left is marked on the next append.
        }

        try
        {
            action();
        }
        finally
        {
            _writers.ReleaseMutex();
        }
    }

    private static void Parse(string text, JournalState state)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            switch (parts)
            {
                case ["S", var id]:
                    state.Sent.Add(id);
                    break;
                case ["L", var number, var device] when int.TryParse(device, NumberStyles.None, CultureInfo.InvariantCulture, out var d):
                    state.Links[number] = d;
                    break;
                case ["U", var number]:
                    state.Links.Remove(number);
                    break;
                case ["B", var number]:
                    state.Banned.Add(number);
                    state.Links.Remove(number);
                    break;
                default:
                    break;
            }
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        _writers.Dispose();
    }
}

internal sealed class JournalState
{
    public HashSet<string> Sent { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Links { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Banned { get; } = new(StringComparer.Ordinal);
}
