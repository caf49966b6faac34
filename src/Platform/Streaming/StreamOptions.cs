namespace Evostream.Platform.Streaming;

/// <summary>How a transactional loop reads, commits and fences.</summary>
/// <param name="Role">Names the stage in client ids and logs (connector, command-processor).</param>
/// <param name="GroupId">Consumer group; replicas of a stage share it.</param>
/// <param name="Topics">Input topics.</param>
/// <param name="TransactionalId">Stable per replica: a restarted replica fences the transactions its predecessor left open.</param>
/// <param name="DeadLetterTopic">Where records the task cannot process go, with error headers.</param>
/// <param name="MaxBatch">Records per transaction at most; larger batches amortise the commit.</param>
/// <param name="MaxBatchTime">How long a transaction collects records before committing; bounds end-to-end latency.</param>
/// <param name="CoPartitioned">
/// The task keeps state per partition number across its input topics: partition p of every input topic must be
/// this replica's together (see <see cref="Kafka.KafkaClientConfigs.Consumer"/>); the topics must have equal counts.
/// </param>
public sealed record StreamOptions(
    string Role,
    string GroupId,
    IReadOnlyList<string> Topics,
    string TransactionalId,
    string DeadLetterTopic,
    int MaxBatch = 500,
    TimeSpan? MaxBatchTime = null,
    bool CoPartitioned = false)
{
    public TimeSpan BatchTime => MaxBatchTime ?? TimeSpan.FromMilliseconds(100);
}
