using System.Globalization;
using System.Text;

namespace Evostream.Connector.Drivers.Simulator.Journal;

/// <summary>
/// The network's durable memory for crash tests: an append-only text file of accepted sends and of links and
/// unlinks. Each line is flushed to disk (fsync) before the send it records is acknowledged, so a process killed
/// with kill -9 and restarted still answers "did message X go out?" truthfully. Several processes may share one
/// journal; each appends whole lines and reads the rest at start.
/// </summary>
internal sealed class SimulatorJournal : IDisposable
{
    public const string FileName = "simulator.journal";

    private readonly FileStream _file;

    private SimulatorJournal(FileStream file) => _file = file;

    public static SimulatorJournal Open(string directory, out JournalState state)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        state = Load(path);
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var journal = new SimulatorJournal(file);
        if (state.TornTail)
        {
            // Mark the torn line so no later reader takes it for a record, and end it so the next starts afresh.
            journal.Append(" ~torn\n");
        }

        return journal;
    }

    public void Sent(string messageId) => Append($"S {messageId}\n");

    public void Linked(string number, int device) => Append(string.Create(CultureInfo.InvariantCulture, $"L {number} {device}\n"));

    public void Unlinked(string number) => Append($"U {number}\n");

    public void Banned(string number) => Append($"B {number}\n");

    private void Append(string line)
    {
        _file.Write(Encoding.UTF8.GetBytes(line));
        _file.Flush(flushToDisk: true);
    }

    private static JournalState Load(string path)
    {
        var state = new JournalState();
        if (!File.Exists(path))
        {
            return state;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            state.TornTail = stream.ReadByte() != '\n';
            stream.Seek(0, SeekOrigin.Begin);
        }

        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } read)
        {
            lines.Add(read);
        }

        // A torn last line (killed mid-write, before its fsync returned) is ignored: its send was never acknowledged.
        var whole = state.TornTail ? lines.Count - 1 : lines.Count;
        foreach (var line in lines.Take(whole))
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

        return state;
    }

    public void Dispose() => _file.Dispose();
}

internal sealed class JournalState
{
    public HashSet<string> Sent { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Links { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Banned { get; } = new(StringComparer.Ordinal);

    public bool TornTail { get; set; }
}
