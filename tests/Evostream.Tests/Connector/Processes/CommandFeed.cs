using System.Collections.Concurrent;

namespace Evostream.Tests.Execution.Processes;

/// <summary>Text commands for every instance of a cluster, round after round, remembering each id it sent.</summary>
internal sealed class CommandFeed(ProcessCluster cluster)
{
    private readonly ConcurrentQueue<string> _sent = new();
    private int _round;

    public IReadOnlyList<string> Sent => [.. _sent];

    public static string Id(string instance, int round) => $"{instance}-t{round}";

    public void Rounds(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Round();
        }

        cluster.Flush();
    }

    /// <summary>One round per <paramref name="interval"/> until cancelled; every command produced is flushed.</summary>
    public async Task StreamAsync(TimeSpan interval, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Round();
                await Task.Delay(interval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        cluster.Flush();
    }

    private void Round()
    {
        var round = _round++;
        foreach (var instance in cluster.Instances)
        {
            var id = Id(instance, round);
            cluster.SendText(instance, id);
            _sent.Enqueue(id);
        }
    }
}
