using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;

namespace Evostream.Api.Streaming.Feed;

/// <summary>
/// Reads the event feed once per Api process and hands each event to the streams of its instance and to the global
/// ones. Every replica reads every partition itself (assign, read_committed, no group, no commits), so a client may
/// connect to any replica; the feed, not an in-process callback, is the only source.
/// </summary>
public sealed partial class FeedHub(KafkaClientConfigs configs, EvostreamSettings settings, ILogger<FeedHub> log) : BackgroundService
{
    private static readonly TimeSpan s_readyWait = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, long> _next = [];
    private readonly Dictionary<string, FeedSubscription[]> _byInstance = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventRecordReader _reader = new(new ProtobufWireDeserializer<EventEnvelope>());
    private FeedSubscription[] _global = [];

    public string Topic { get; } = new StageTopics(settings.Kafka.TopicPrefix).EventFeed;

    /// <summary>Joins the live feed; null when the feed has not become readable in time (the caller answers 503).</summary>
    public async Task<FeedSubscription?> SubscribeAsync(string? instance, CancellationToken ct)
    {
        try
        {
            await _ready.Task.WaitAsync(s_readyWait, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }

        lock (_gate)
        {
            var subscription = new FeedSubscription(this, instance, settings.Websocket.Buffer, new Dictionary<int, long>(_next));
            if (instance is null)
            {
                _global = [.. _global, subscription];
            }
            else
            {
                _byInstance[instance] = [.. _byInstance.GetValueOrDefault(instance, []), subscription];
            }

            return subscription;
        }
    }

    internal void Remove(FeedSubscription subscription)
    {
        lock (_gate)
        {
            if (subscription.Instance is null)
            {
                _global = [.. _global.Where(s => s != subscription)];
            }
            else if (_byInstance.TryGetValue(subscription.Instance, out var list))
            {
                FeedSubscription[] rest = [.. list.Where(s => s != subscription)];
                if (rest.Length == 0)
                {
                    _byInstance.Remove(subscription.Instance);
                }
                else
                {
                    _byInstance[subscription.Instance] = rest;
                }
            }
        }
    }

    // With streams off (WEBSOCKET_ENABLED=false) nothing subscribes, so the feed is not read at all.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !settings.Websocket.Enabled ? Task.CompletedTask :
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ReadAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KafkaException or InvalidOperationException)
            {
                LogFeedFailed(log, Topic, e);
                await Task.Delay(backoff, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        var start = await LatestCommittedAsync(ct);
        using var consumer = BuildConsumer(configs, "streams");
        consumer.Assign(start.Select(p => new TopicPartitionOffset(Topic, p.Key, p.Value)));
        lock (_gate)
        {
            foreach (var (partition, offset) in start)
            {
                _next[partition] = offset;
            }
        }

        _ready.TrySetResult();
        LogFeedReading(log, Topic, start.Count);
        while (!ct.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(250));
            if (result?.Message is { } message)
            {
                var e = await DecodeAsync(result, message, ct);
                Dispatch(result.Partition.Value, result.Offset.Value, e);
            }
        }
    }

    private void Dispatch(int partition, long offset, FeedEvent? e)
    {
        FeedSubscription[] instance = [];
        FeedSubscription[] global;
        lock (_gate)
        {
            _next[partition] = offset + 1;
            global = _global;
            if (e is not null)
            {
                instance = _byInstance.GetValueOrDefault(e.Instance, []);
            }
        }

        if (e is null)
        {
            return;
        }

        // Offered outside the lock: a full subscription closes itself, which takes the lock to leave.
        foreach (var s in instance)
        {
            s.Offer(e);
        }

        foreach (var s in global)
        {
            s.Offer(e);
        }
    }

    /// <summary>Turns a record into the event streams carry; null (logged) for one that cannot be read.</summary>
    internal async ValueTask<FeedEvent?> DecodeAsync(ConsumeResult<byte[]?, byte[]?> result, Message<byte[]?, byte[]?> message, CancellationToken ct)
    {
        var headers = (message.Headers ?? []).Select(h => new KeyValuePair<string, string>(h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList();
        var name = headers.LastOrDefault(h => h.Key == EvolutionHeaders.Event).Value;
        var contentType = headers.LastOrDefault(h => h.Key == EvolutionHeaders.ContentType).Value;
        var instance = message.Key is { } key ? Encoding.UTF8.GetString(key) : null;
        if (message.Value is not { Length: > 0 } value || instance is null || name is null)
        {
            LogUnreadable(log, Topic, result.Partition.Value, result.Offset.Value, "has no key, value or event header");
            return null;
        }

        var isJson = contentType is null or EvolutionHeaders.JsonContentType;
        var configuration = name == EvolutionEvents.InstanceConfigured;
        if (isJson && !configuration)
        {
            return new FeedEvent(instance, name, result.Partition.Value, result.Offset.Value, value, false, null);
        }

        var read = await _reader.ReadAsync(value, headers, ct);
        if (!read.IsValid)
        {
            LogUnreadable(log, Topic, result.Partition.Value, result.Offset.Value, read.Error);
            return null;
        }

        var body = isJson ? value : EvolutionJson.Write(read.Envelope, settings.ServerUrl.ToString().TrimEnd('/'));
        return new FeedEvent(instance, name, result.Partition.Value, result.Offset.Value, body, configuration,
            configuration ? read.Envelope.InstanceConfigured.Websocket : null);
    }

    internal IConsumer<byte[]?, byte[]?> BuildReplayConsumer() => BuildConsumer(configs, "replay");

    private static IConsumer<byte[]?, byte[]?> BuildConsumer(KafkaClientConfigs configs, string role)
    {
        // The group id is never joined (partitions are assigned) and nothing is committed.
        var config = configs.Consumer($"api-{role}", $"evostream-api-{role}-{Guid.NewGuid():N}");
        config.FetchWaitMaxMs = 20;
        config.EnablePartitionEof = false;
        return configs.ConsumerBuilder<byte[]?, byte[]?>(config).Build();
    }

    /// <summary>The last stable offset of each partition: where a read_committed reader that starts now begins.</summary>
    private async Task<Dictionary<int, long>> LatestCommittedAsync(CancellationToken ct)
    {
        using var admin = configs.AdminBuilder(configs.Admin("api-streams")).Build();
        while (true)
        {
            var metadata = admin.GetMetadata(Topic, TimeSpan.FromSeconds(5));
            var topic = metadata.Topics.FirstOrDefault(t => t.Topic == Topic);
            if (topic is { Error.IsError: false, Partitions.Count: > 0 })
            {
                var offsets = await admin.ListOffsetsAsync(
                    topic.Partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(Topic, p.PartitionId), OffsetSpec = OffsetSpec.Latest() }),
                    new ListOffsetsOptions { IsolationLevel = IsolationLevel.ReadCommitted });
                return offsets.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);
            }

            LogFeedMissing(log, Topic);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event feed {Topic} could not be read; retrying")]
    private static partial void LogFeedFailed(ILogger logger, string topic, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live streams read {Topic} ({Partitions} partitions) from its end")]
    private static partial void LogFeedReading(ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event feed {Topic} does not exist yet; live streams wait for it")]
    private static partial void LogFeedMissing(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event feed {Topic} [{Partition}] @{Offset} skipped: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string topic, int partition, long offset, string reason);
}
