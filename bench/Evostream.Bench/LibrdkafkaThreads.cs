namespace Evostream.Bench;

/// <summary>A thread librdkafka started, as Linux names it (rdk:main, rdk:broker3, rdk:mock).</summary>
public sealed record LibrdkafkaThread(int Id, string Name);

/// <summary>
/// The threads librdkafka runs in this process. Every client and every mock cluster has its own named threads, and
/// disposing one joins them, so a thread still running after its owner is gone is a client someone forgot.
/// </summary>
public static class LibrdkafkaThreads
{
    public static IReadOnlySet<LibrdkafkaThread> Running()
    {
        var threads = new HashSet<LibrdkafkaThread>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (IOException)
            {
                continue; // The thread ended while being listed.
            }

            if (name.StartsWith("rdk:", StringComparison.Ordinal))
            {
                threads.Add(new LibrdkafkaThread(int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture), name));
            }
        }

        return threads;
    }
}
