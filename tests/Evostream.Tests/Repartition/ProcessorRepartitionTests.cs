using System.Text;
using Confluent.Kafka;
using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Output;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Tests.CommandProcessor;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Repartition;

/// <summary>
/// The command processor moves commands that arrived off their instance's home partition (any partitioner other
/// than murmur2 does that) to it through the repartition topic, once, transactionally, and keeps each producer's
/// order per instance.
/// </summary>
public class ProcessorRepartitionTests(EmbeddedStack stack)
{
    private const int Partitions = ProcessorHarness.Partitions;

    private static byte[] SendText(string instance, string id) =>
        Encoding.UTF8.GetBytes($$"""{"command":"sendText","instance":"{{instance}}","commandId":"{{id}}","number":"5511999990000","text":"{{id}}"}""");

    private static int Home(string key) => KeyPartitions.Home(Encoding.UTF8.GetBytes(key), Partitions);

    /// <summary>librdkafka's default partitioner, as Confluent.Kafka applies it unless told otherwise.</summary>
    private static IProducer<byte[]?, byte[]?> Crc32Producer(ProcessorHarness h) =>
        new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = h.Configs.Settings.Brokers, Partitioner = Partitioner.ConsistentRandom, EnableIdempotence = true, LingerMs = 5,
        }).Build();

    [Fact]
    public async Task Commands_from_any_partitioner_run_once_on_their_home_partition_in_each_producers_order()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults);
        var away = Crc32Partitions.OffHomeNames("away", Partitions).Take(3).ToList();
        var home = Enumerable.Range(0, 100).Select(n => $"home-{n}").First(n => Crc32Partitions.Of(n, Partitions) == Home(n));
        string[] instances = [.. away, home];
        foreach (var instance in instances)
        {
            h.CreateEventTopics(instance);
            h.Connector(instance, "open");
        }

        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var rejected = h.Tail(h.Topics.RejectedCommands);
        using var moved = h.Tail(h.Topics.RepartitionedCommands);
        const int each = 30;
        using (var crc = Crc32Producer(h))
        using (var murmur2 = new ProducerBuilder<byte[]?, byte[]?>(h.Configs.Producer("test-feed")).Build())
        {
            for (var i = 0; i < each; i++)
            {
                foreach (var instance in instances)
                {
                    var key = Encoding.UTF8.GetBytes(instance);
                    crc.Produce(h.Topics.Commands, new Message<byte[]?, byte[]?> { Key = key, Value = SendText(instance, $"crc-{instance}-{i:D3}") });
                    murmur2.Produce(h.Topics.Commands, new Message<byte[]?, byte[]?> { Key = key, Value = SendText(instance, $"m2-{instance}-{i:D3}") });
                }
            }

            // Keyless: attributed by the instance field. A key naming another instance than the field: rejected.
            for (var i = 0; i < 5; i++)
            {
                crc.Produce(h.Topics.Commands, new Message<byte[]?, byte[]?> { Key = null, Value = SendText(away[0], $"nokey-{i}") });
            }

            crc.Produce(h.Topics.Commands, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(away[0]), Value = SendText(away[1], "mismatch") });
            crc.Flush(TimeSpan.FromSeconds(30));
            murmur2.Flush(TimeSpan.FromSeconds(30));
        }

        var (run, stop) = h.Start();
        var expected = (instances.Length * each * 2) + 5;
        var all = accepted.WaitFor(expected, TimeSpan.FromSeconds(1));
        var refused = rejected.WaitFor(1);
        var hops = moved.WaitFor(1);
        await stop.CancelAsync();
        await run;

        var ids = all.Select(r => TopicTail.Header(r, CommandHeaders.CommandId)).ToList();
        Assert.Equal(expected, ids.Count);
        Assert.Equal(expected, ids.Distinct().Count());
        var reason = TopicTail.Header(Assert.Single(refused), CommandHeaders.RejectionReason);
        Assert.Equal($"'instance' '{away[1]}' does not match the record key '{away[0]}': commands must be keyed by their instance name", reason);

        foreach (var instance in instances)
        {
            foreach (var producer in new[] { "crc", "m2" })
            {
                var mine = ids.Where(id => id.StartsWith($"{producer}-{instance}-", StringComparison.Ordinal)).ToList();
                Assert.Equal(Enumerable.Range(0, each).Select(i => $"{producer}-{instance}-{i:D3}"), mine);
            }
        }

        Assert.Equal(5, ids.Count(id => id.StartsWith("nokey-", StringComparison.Ordinal)));
        Assert.All(all, r => Assert.Equal(Home(r.Message.Key!), r.Partition.Value));

        // Only what arrived away from home hopped, each once, keyed by its instance: the CRC-32 producer's commands
        // for the instances it misplaces, the keyless ones and the mismatched one; never a murmur2 producer's.
        var hopped = hops.Select(r => (r.Message.Key, Id: Encoding.UTF8.GetString(r.Message.Value!))).ToList();
        Assert.Equal((away.Count * each) + 5 + 1, hopped.Count);
        Assert.DoesNotContain(hopped, r => r.Id.Contains("\"m2-", StringComparison.Ordinal) || r.Id.Contains($"crc-{home}-", StringComparison.Ordinal));
        Assert.All(hops, r => Assert.Equal(Home(r.Message.Key!), r.Partition.Value));
        Assert.Equal(5, hops.Count(r => r.Message.Key == away[0] && Encoding.UTF8.GetString(r.Message.Value!).Contains("nokey-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_aborted_transaction_in_the_middle_of_moving_commands_home_neither_loses_nor_repeats_one()
    {
        // A private cluster: injected errors apply to every client of a cluster.
        using var kafka = EmbeddedKafka.Start(3);
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults, kafka);
        var away = Crc32Partitions.OffHomeNames("abort", Partitions).Take(2).ToList();
        foreach (var instance in away)
        {
            h.CreateEventTopics(instance);
            h.Connector(instance, "open");
        }

        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var moved = h.Tail(h.Topics.RepartitionedCommands);
        const int each = 100;
        using (var crc = Crc32Producer(h))
        {
            for (var i = 0; i < each; i++)
            {
                foreach (var instance in away)
                {
                    crc.Produce(h.Topics.Commands, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(instance), Value = SendText(instance, $"{instance}-{i:D3}") });
                }
            }

            crc.Flush(TimeSpan.FromSeconds(30));
        }

        // Every command is away from home, so the processor's first produce requests are hops: they fail for good,
        // the transaction that carries them must abort, and the batch is moved again from the committed offsets.
        const short produce = 0;
        kafka.FailNextRequests(produce, ErrorCode.InvalidRecord, ErrorCode.InvalidRecord, ErrorCode.InvalidRecord);
        var (first, stopFirst) = h.Start();
        accepted.WaitFor(each, TimeSpan.Zero);

        // Then a restart half way: the successor resumes from the committed offsets.
        await stopFirst.CancelAsync();
        await first;
        var (second, stopSecond) = h.Start("successor");
        var all = accepted.WaitFor(away.Count * each, TimeSpan.FromSeconds(1));
        var hops = moved.WaitFor(away.Count * each, TimeSpan.FromSeconds(1));
        await stopSecond.CancelAsync();
        await second;

        Assert.Equal(away.Count * each, hops.Count);
        var ids = all.Select(r => TopicTail.Header(r, CommandHeaders.CommandId)).ToList();
        foreach (var instance in away)
        {
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"{instance}-{i:D3}"), ids.Where(id => id.StartsWith(instance + "-", StringComparison.Ordinal)));
        }

        Assert.Equal(away.Count * each, ids.Count);
    }
}
