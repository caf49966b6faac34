using Confluent.Kafka;
using Evostream.Platform.Kafka;
using Evostream.Projections.Reading;
using Evostream.Projections.Storage;

namespace Evostream.Projections.Lag;

/// <summary>
/// Measures lag from the two sources of truth: the cluster's high watermarks and the offsets stored with the read
/// models. A partition the projections have never read counts from zero.
/// </summary>
public sealed class LagMonitor(KafkaClientConfigs configs, ProjectionsSettings settings, InputTopics topics, ProjectionStore store) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private readonly Lazy<IAdminClient> _admin = new(() => configs.AdminBuilder(configs.Admin("projections-lag")).Build());
    private readonly Lazy<IConsumer<byte[]?, byte[]?>> _watermarks = new(() =>
        configs.ConsumerBuilder<byte[]?, byte[]?>(configs.Consumer("projections-lag", settings.GroupId + "-lag")).Build());

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<LagReport> MeasureAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var partitions = await Task.Run(() => _admin.Value.GetMetadata(s_timeout).Topics
                .Where(t => topics.Accepts(t.Topic) && t.Error.Code == ErrorCode.NoError)
                .SelectMany(t => t.Partitions.Select(p => (t.Topic, p.PartitionId)))
                .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.PartitionId)
                .ToList(), ct);
            var stored = await store.LoadOffsetsAsync(partitions, ct);
            var lags = await Task.Run(() => partitions.Select(p =>
            {
                var high = _watermarks.Value.QueryWatermarkOffsets(new TopicPartition(p.Topic, p.PartitionId), s_timeout).High.Value;
                var at = stored.GetValueOrDefault(p, 0);
                return new PartitionLag(p.Topic, p.PartitionId, high, at, Math.Max(0, high - at));
            }).ToList(), ct);
            return new LagReport(lags.Sum(l => l.Lag), lags);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        if (_watermarks.IsValueCreated)
        {
            _watermarks.Value.Dispose();
        }

        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }

        _gate.Dispose();
    }
}
