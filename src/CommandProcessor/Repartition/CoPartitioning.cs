using Confluent.Kafka;
using Evostream.Platform.Kafka;

namespace Evostream.CommandProcessor.Repartition;

/// <summary>
/// What the processor needs to see each instance on exactly one partition: the commands and repartition topics
/// with one partition count (the count producers hashed over), and partition p of both assigned to this replica
/// together. The catalog declares both as kind commands, which share one count; a cluster that drifted from it, or
/// an assignment that split them, stops the processor with the reason rather than process an instance twice.
/// </summary>
internal sealed class CoPartitioning(StageTopics topics, KafkaClientConfigs configs, string role)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits until both topics exist with one partition count (at start-up they may still be being created, and a
    /// consumer subscribed to a missing topic would be assigned the other alone), reporting each wait. Unequal
    /// counts are a deployment error, thrown at once.
    /// </summary>
    public async Task WaitUntilReadyAsync(Action<string> waiting, CancellationToken ct)
    {
        for (var delay = TimeSpan.FromMilliseconds(200); ; delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10)))
        {
            try
            {
                PartitionCount();
                return;
            }
            catch (Exception e) when (e is TopicMissingException or KafkaException)
            {
                waiting(e.Message);
                await Task.Delay(delay, ct);
            }
        }
    }

    /// <summary>The partition count producers hash over; throws naming both topics when they differ or one is missing.</summary>
    public int PartitionCount()
    {
        using var admin = configs.AdminBuilder(configs.Admin(role)).Build();
        var commands = CountOf(admin, topics.Commands);
        var repartition = CountOf(admin, topics.RepartitionedCommands);
        return commands == repartition ? commands : throw new InvalidOperationException(
            $"{topics.Commands} has {commands} partitions and {topics.RepartitionedCommands} has {repartition}: they must be equal, "
            + "because a command moved home is read back beside the commands of the same partition (see topics/catalog.yaml).");
    }

    /// <summary>Throws when the assignment holds a partition of one topic without the same partition of the other.</summary>
    public void Check(IReadOnlyCollection<TopicPartition> assignment)
    {
        var commands = Numbers(assignment, topics.Commands);
        var repartition = Numbers(assignment, topics.RepartitionedCommands);
        if (!commands.SetEquals(repartition))
        {
            throw new InvalidOperationException(
                $"Assigned partitions [{string.Join(", ", commands.Order())}] of {topics.Commands} but [{string.Join(", ", repartition.Order())}] of "
                + $"{topics.RepartitionedCommands}: the processor needs the same partitions of both (range assignment over topics of equal partition counts).");
        }
    }

    private static HashSet<int> Numbers(IReadOnlyCollection<TopicPartition> assignment, string topic) =>
        [.. assignment.Where(p => p.Topic == topic).Select(p => p.Partition.Value)];

    private static int CountOf(IAdminClient admin, string topic)
    {
        var metadata = admin.GetMetadata(topic, s_timeout).Topics.SingleOrDefault(t => t.Topic == topic);
        return metadata is { Error.IsError: false, Partitions.Count: > 0 } ? metadata.Partitions.Count
            : throw new TopicMissingException($"{topic} does not exist or has no partitions ({metadata?.Error.Reason ?? "no metadata"}); apply topics/catalog.yaml (./evostream topics apply).");
    }
}

internal sealed class TopicMissingException(string message) : InvalidOperationException(message);
