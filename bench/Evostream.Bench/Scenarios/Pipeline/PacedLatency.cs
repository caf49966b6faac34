using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Npgsql;

namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>Latencies of one paced run, in milliseconds, one per command.</summary>
public sealed record Latencies(IReadOnlyList<double> EventMs, IReadOnlyList<double> RowMs)
{
    /// <summary>The nearest-rank percentile <paramref name="q"/> (0..1) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Submits sendText commands through an ingress at a steady rate, as a client would, and times each from the moment
/// it is handed over to (a) its send.message event being readable (read_committed) and (b) its message row being
/// visible in PostgreSQL (polled every few milliseconds by the causing command id).
/// </summary>
public static class PacedLatency
{
    private static readonly TimeSpan s_rowPoll = TimeSpan.FromMilliseconds(5);

    public static async Task<Latencies> RunAsync(BenchCluster cluster, PipelineHost host, NpgsqlDataSource db, ICommandIngress ingress, int instances, double perSecond, int count, CancellationToken ct)
    {
        var submitted = new long[count];
        var ids = new string?[count];
        var known = new ConcurrentQueue<int>();
        var evented = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var rowed = new long[count];
        var clock = Stopwatch.StartNew();
        var from = CommittedCounter.EndOffsets(cluster, host.Sends, PipelineHost.Partitions);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        done.CancelAfter(TimeSpan.FromMinutes(3));
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(done.Token);

        var events = Task.Factory.StartNew(() => WatchEvents(cluster, host.Sends, from, evented, clock, stopWatching.Token), done.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var rows = Task.Run(() => WatchRowsAsync(db, ids, known, submitted, rowed, count, clock, done.Token), done.Token);

        var submissions = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            while (clock.Elapsed < due)
            {
                Thread.Sleep(1);
            }

            var n = i;
            submitted[n] = clock.ElapsedTicks;
            submissions[n] = Track(n, ingress.SubmitAsync(n, CommandFeed.Instance(n % instances), done.Token));
        }

        async Task Track(int n, Task<string> submission)
        {
            ids[n] = await submission;
            known.Enqueue(n);
        }

        await Task.WhenAll(submissions);
        await ingress.DrainAsync(done.Token);
        await rows;
        while (ids.Any(id => !evented.ContainsKey(id!)))
        {
            await Task.Delay(s_rowPoll, done.Token);
        }

        await stopWatching.CancelAsync();
        await events;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new Latencies(
            [.. Enumerable.Range(0, count).Select(i => Ms(evented[ids[i]!] - submitted[i]))],
            [.. Enumerable.Range(0, count).Select(i => Ms(rowed[i] - submitted[i]))]);
    }

    // Records every send.message by its causing command id: a REST caller learns its command's id only from the 202,
    // which may come after the event.
    private static void WatchEvents(BenchCluster cluster, string topic, IReadOnlyList<long> from, ConcurrentDictionary<string, long> seenAt, Stopwatch clock, CancellationToken ct)
    {
        var config = cluster.Configs.Consumer("bench-paced", "bench-paced-" + Guid.NewGuid().ToString("N"));
        // The watcher must not add its own fetch wait to what it measures.
        config.FetchWaitMaxMs = 5;
        using var consumer = cluster.Configs.ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Assign(Enumerable.Range(0, from.Count).Select(p => new TopicPartitionOffset(topic, p, new Offset(from[p]))));
        while (!ct.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record
                && record.Message.Headers.TryGetLastBytes(EvolutionHeaders.CausationId, out var cause))
            {
                seenAt.TryAdd(Encoding.UTF8.GetString(cause), clock.ElapsedTicks);
            }
        }
    }

    private static async Task WatchRowsAsync(NpgsqlDataSource db, string?[] ids, ConcurrentQueue<int> known, long[] submitted, long[] seenAt, int count, Stopwatch clock, CancellationToken ct)
    {
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = 0;
        await using var query = db.CreateCommand("SELECT causation_command_id FROM messages WHERE causation_command_id = ANY($1)");
        var idsParameter = query.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        while (seen < count)
        {
            while (known.TryDequeue(out var n))
            {
                pending[ids[n]!] = n;
            }

            if (pending.Count > 0)
            {
                idsParameter.Value = pending.Keys.ToArray();
                await using var reader = await query.ExecuteReaderAsync(ct);
                var now = clock.ElapsedTicks;
                while (await reader.ReadAsync(ct))
                {
                    if (pending.Remove(reader.GetString(0), out var i))
                    {
                        seenAt[i] = Math.Max(now, submitted[i]);
                        seen++;
                    }
                }
            }

            await Task.Delay(s_rowPoll, ct);
        }
    }
}
