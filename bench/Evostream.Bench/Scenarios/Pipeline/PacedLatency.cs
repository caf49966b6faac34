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
/// Writes sendText commands to the commands topic at a steady rate, as a Kafka client would, and times each from
/// the moment it is handed to the producer to (a) its send.message event being readable (read_committed) and (b) its
/// message row being visible in PostgreSQL (polled every few milliseconds by the causing command id).
/// </summary>
public static class PacedLatency
{
    private static readonly TimeSpan s_rowPoll = TimeSpan.FromMilliseconds(5);

    public static async Task<Latencies> RunAsync(BenchStack stack, PipelineHost host, NpgsqlDataSource db, int instances, double perSecond, int count, CancellationToken ct)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7().ToString()).ToArray();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var produced = new long[count];
        var evented = new long[count];
        var rowed = new long[count];
        var clock = Stopwatch.StartNew();
        var from = CommittedCounter.EndOffsets(stack, host.Sends, PipelineHost.Partitions);
        var sent = 0;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        done.CancelAfter(TimeSpan.FromMinutes(3));

        var events = Task.Factory.StartNew(() => WatchEvents(stack, host.Sends, from, index, evented, clock, done.Token), done.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var rows = Task.Run(() => WatchRowsAsync(db, ids, produced, rowed, () => Volatile.Read(ref sent), clock, done.Token), done.Token);

        using (var producer = new ProducerBuilder<string, byte[]>(stack.Configs.Producer("bench-paced")).Build())
        {
            for (var i = 0; i < count; i++)
            {
                var due = TimeSpan.FromSeconds(i / perSecond);
                while (clock.Elapsed < due)
                {
                    Thread.Sleep(1);
                }

                var instance = CommandFeed.Instance(i % instances);
                var value = Encoding.UTF8.GetBytes(
                    $$"""{"command":"sendText","instance":"{{instance}}","commandId":"{{ids[i]}}","number":"5511999{{i % 100_000:D6}}","text":"order {{i}} is on its way: thanks for shopping with us"}""");
                produced[i] = clock.ElapsedTicks;
                producer.Produce(host.Topics.Commands, new Message<string, byte[]> { Key = instance, Value = value });
                Volatile.Write(ref sent, i + 1);
                producer.Poll(TimeSpan.Zero);
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        await Task.WhenAll(events, rows);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new Latencies(
            [.. Enumerable.Range(0, count).Select(i => Ms(evented[i] - produced[i]))],
            [.. Enumerable.Range(0, count).Select(i => Ms(rowed[i] - produced[i]))]);
    }

    private static void WatchEvents(BenchStack stack, string topic, IReadOnlyList<long> from, Dictionary<string, int> index, long[] seenAt, Stopwatch clock, CancellationToken ct)
    {
        var config = stack.Configs.Consumer("bench-paced", "bench-paced-" + Guid.NewGuid().ToString("N"));
        // The watcher must not add its own fetch wait to what it measures.
        config.FetchWaitMaxMs = 5;
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Assign(Enumerable.Range(0, from.Count).Select(p => new TopicPartitionOffset(topic, p, new Offset(from[p]))));
        var seen = 0;
        while (seen < seenAt.Length)
        {
            ct.ThrowIfCancellationRequested();
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { IsPartitionEOF: false } record)
            {
                continue;
            }

            var now = clock.ElapsedTicks;
            if (record.Message.Headers.TryGetLastBytes(EvolutionHeaders.CausationId, out var cause)
                && index.TryGetValue(Encoding.UTF8.GetString(cause), out var i) && seenAt[i] == 0)
            {
                seenAt[i] = now;
                seen++;
            }
        }
    }

    private static async Task WatchRowsAsync(NpgsqlDataSource db, string[] ids, long[] produced, long[] seenAt, Func<int> sent, Stopwatch clock, CancellationToken ct)
    {
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = 0;
        var seen = 0;
        await using var query = db.CreateCommand("SELECT causation_command_id FROM messages WHERE causation_command_id = ANY($1)");
        var idsParameter = query.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        while (seen < ids.Length)
        {
            for (var upTo = sent(); added < upTo; added++)
            {
                pending[ids[added]] = added;
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
                        seenAt[i] = Math.Max(now, produced[i]);
                        seen++;
                    }
                }
            }

            await Task.Delay(s_rowPoll, ct);
        }
    }
}
