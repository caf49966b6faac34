using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Delivery.Queues;
using Evostream.Delivery.Routing;
using Evostream.Delivery.Storage;
using Evostream.Platform.Streaming;
using Google.Protobuf;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Microsoft.Extensions.Logging;

namespace Evostream.Delivery.Hosting;

/// <summary>
/// Reads the event feed on the shared transactional loop and hands each event to a queue per instance and target.
/// Attempts happen off the loop thread; their outcomes come back here, where the retries topic, the webhook
/// dead-letter topic and the feed offsets are written in one transaction. A feed record's offset is committed only
/// once each of its deliveries is delivered or parked (<see cref="HeldFrom"/>), so kill -9 loses nothing.
/// </summary>
public sealed partial class DeliveryTask(DeliveryDependencies deps, ILogger<DeliveryTask> logger) : IStreamTask, IDisposable
{
    public const string Retrying = "retrying";
    public const string Parked = "parked";
    public const string Redelivering = "redelivering";

    private readonly Dictionary<int, PartitionWork> _partitions = [];
    private readonly ConcurrentQueue<AttemptReport> _reports = new();
    private IConsumer<byte[]?, byte[]?>? _redeliver;
    private int _generation;
    private bool _advanced;

    public async Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        var numbers = partitions.Where(p => p.Topic == deps.Topics.EventFeed).Select(p => p.Partition.Value).ToList();
        foreach (var number in numbers)
        {
            _partitions[number] = new PartitionWork(number, ++_generation);
        }

        foreach (var record in StateTopicReader.ReadAll(deps.Configs, "delivery-restore", deps.Topics.InstanceState, numbers, ct))
        {
            var work = _partitions[record.Partition.Value];
            var instance = record.Message.Key is { } key ? Encoding.UTF8.GetString(key) : "";
            if (record.Message.Value is { Length: > 0 } value && InstanceState.Parser.ParseFrom(value).Webhook is { } webhook)
            {
                work.Webhooks[instance] = webhook;
            }
            else
            {
                work.Webhooks.Remove(instance);
            }
        }

        foreach (var record in StateTopicReader.ReadAll(deps.Configs, "delivery-restore", deps.Topics.WebhookRetries, numbers, ct))
        {
            var work = _partitions[record.Partition.Value];
            var id = record.Message.Key is { } key ? Encoding.UTF8.GetString(key) : "";
            if (record.Message.Value is { Length: > 0 } value)
            {
                work.States[id] = WebhookDeliveryState.Parser.ParseFrom(value);
            }
            else
            {
                work.States.Remove(id);
            }
        }

        // Redeliveries in flight have no feed record to bring them back: resume them from their state, in order.
        foreach (var work in numbers.Select(n => _partitions[n]))
        {
            foreach (var state in work.States.Values.Where(s => s.State == Redelivering).OrderBy(s => s.FeedOffset).ToList())
            {
                Redeliver(work, state, resume: true);
            }
        }

        AssignRedeliverRequests();
        await Task.CompletedTask;
    }

    public Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        foreach (var tp in partitions.Where(p => p.Topic == deps.Topics.EventFeed))
        {
            if (_partitions.Remove(tp.Partition.Value, out var work))
            {
                work.Dispose();
            }
        }

        AssignRedeliverRequests();
        return Task.CompletedTask;
    }

    public IReadOnlyCollection<TopicPartitionOffset> HeldFrom() =>
        [.. _partitions.Values.Where(w => w.HeldFrom is not null).Select(w => new TopicPartitionOffset(deps.Topics.EventFeed, w.Partition, w.HeldFrom!.Value))];

    public async ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct)
    {
        if (!_partitions.TryGetValue(record.Partition.Value, out var work) || record.Message.Value is not { } value)
        {
            return;
        }

        var headers = record.Message.Headers?.Select(h => KeyValuePair.Create(h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList() ?? [];
        var read = await deps.Reader.ReadAsync(value, headers, ct);
        if (!read.IsValid)
        {
            throw new FormatException("the feed record " + read.Error);
        }

        var envelope = read.Envelope;
        var name = EvolutionEvents.NameOf(envelope.DataCase);
        if (envelope.DataCase == EventEnvelope.DataOneofCase.InstanceConfigured)
        {
            work.Webhooks[envelope.Instance] = envelope.InstanceConfigured.Webhook ?? new WebhookConfig();
        }

        var targets = deps.Router.TargetsOf(name, work.Webhooks.GetValueOrDefault(envelope.Instance));
        if (targets.Count == 0)
        {
            return;
        }

        // Evolution's JSON as the connector wrote it; a Protobuf record is written out the same way.
        var body = headers.Any(h => h.Key == EvolutionHeaders.ContentType && h.Value == EvolutionHeaders.JsonContentType)
            ? value
            : EvolutionJson.Write(envelope, deps.ServerUrl);
        var eventId = envelope.EventId.Length > 0 ? envelope.EventId : $"{record.Topic}-{record.Partition.Value}-{record.Offset.Value}";
        foreach (var target in targets)
        {
            var job = new DeliveryJob(eventId, envelope.Instance, name, target, work.Partition, record.Offset.Value, body);
            if (work.States.TryGetValue(job.Id, out var state))
            {
                if (state.State != Retrying)
                {
                    continue; // parked (or being redelivered) before a restart: settled as far as this record goes
                }

                job.Attempts = state.Attempts;
                job.NextAttemptAt = state.NextAttemptAt?.ToDateTimeOffset() ?? deps.Time.GetUtcNow();
                job.LastStatus = state.LastStatus == 0 ? null : state.LastStatus;
                job.LastError = state.LastError;
            }

            work.Hold(record.Offset.Value);
            QueueOf(work, job).Enqueue(job);
        }
    }

    public ValueTask PumpAsync(TransactionOutput output, CancellationToken ct)
    {
        PollRedeliverRequests();
        while (_reports.TryDequeue(out var report))
        {
            if (!_partitions.TryGetValue(report.Job.Partition, out var work) || work.Generation != report.Generation)
            {
                continue; // from a partition this replica no longer owns (or owned before a rewind)
            }

            Record(work, report, output);
        }

        if (_advanced && output.Pending == 0)
        {
            // Deliveries settled without a record to write: commit the offsets they release.
            output.Checkpoint([]);
        }

        _advanced = false;
        return ValueTask.CompletedTask;
    }

    private void Record(PartitionWork work, AttemptReport report, TransactionOutput output)
    {
        var job = report.Job;
        var key = Encoding.UTF8.GetBytes(job.Id);
        var retries = new TopicPartition(deps.Topics.WebhookRetries, work.Partition);
        var url = WithoutQuery(job.Url);
        switch (report.Outcome)
        {
            case AttemptOutcome.WillRetry:
                var retrying = StateOf(job, job.FeedOffset is null ? Redelivering : Retrying, url, withBody: job.FeedOffset is null);
                work.States[job.Id] = retrying;
                output.Produce(retries, key, retrying.ToByteArray());
                LogRetry(logger, job.Instance, job.EventName, job.EventId, job.Attempts, job.LastError ?? "", job.NextAttemptAt);
                break;
            case AttemptOutcome.Delivered:
                if (work.States.Remove(job.Id) || job.Attempts > 1)
                {
                    output.Produce(retries, key, null);
                }

                break;
            case AttemptOutcome.Parked:
                var parked = StateOf(job, Parked, url, withBody: true);
                parked.ParkedAt = Timestamp.FromDateTimeOffset(report.At);
                work.States[job.Id] = parked;
                output.Produce(retries, key, parked.ToByteArray());
                output.Produce(deps.Topics.WebhookDeadLetter, Encoding.UTF8.GetBytes(job.Instance), job.Payload, DeadLetterHeaders(job, url));
                LogParked(logger, job.Instance, job.EventName, job.EventId, job.Attempts, job.LastError ?? "");
                break;
        }

        var state = report.Outcome switch
        {
            AttemptOutcome.Delivered => DeliveryRecord.Delivered,
            AttemptOutcome.Parked => DeliveryRecord.Parked,
            _ => DeliveryRecord.Retrying,
        };
        deps.Log.Add(new DeliveryRecord(job.Id, job.Instance, job.EventName, job.EventId, job.Target.Kind, url, state, job.Attempts,
            job.LastStatus, job.LastError, work.Partition, job.FeedOffset, job.FirstAttemptAt.UtcDateTime, report.At.UtcDateTime));

        if (report.Outcome != AttemptOutcome.WillRetry && job.FeedOffset is { } offset)
        {
            _advanced |= work.Settle(offset);
        }
    }

    private static WebhookDeliveryState StateOf(DeliveryJob job, string state, string url, bool withBody) => new()
    {
        DeliveryId = job.Id,
        Instance = job.Instance,
        Event = job.EventName,
        EventId = job.EventId,
        Target = job.Target.Kind,
        FeedOffset = job.FeedOffset ?? job.OriginalOffset,
        Attempts = job.Attempts,
        NextAttemptAt = Timestamp.FromDateTimeOffset(job.NextAttemptAt),
        LastStatus = job.LastStatus ?? 0,
        LastError = job.LastError ?? "",
        State = state,
        EventBody = withBody ? ByteString.CopyFrom(job.EventBody) : ByteString.Empty,
        Url = url,
    };

    private static Headers DeadLetterHeaders(DeliveryJob job, string url)
    {
        var headers = new Headers
        {
            { EvolutionHeaders.EventId, Encoding.UTF8.GetBytes(job.EventId) },
            { EvolutionHeaders.Event, Encoding.UTF8.GetBytes(job.EventName) },
            { EvolutionHeaders.Instance, Encoding.UTF8.GetBytes(job.Instance) },
            { "webhook-target", Encoding.UTF8.GetBytes(job.Target.Kind) },
            { "webhook-url", Encoding.UTF8.GetBytes(url) },
            { "webhook-attempts", Encoding.UTF8.GetBytes(job.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            { "webhook-error", Encoding.UTF8.GetBytes(job.LastError ?? "") },
        };
        if (job.LastStatus is { } status)
        {
            headers.Add("webhook-status", Encoding.UTF8.GetBytes(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return headers;
    }

    private EndpointQueue QueueOf(PartitionWork work, DeliveryJob job)
    {
        var key = job.Instance + "\n" + job.Target.Kind;
        if (!work.Queues.TryGetValue(key, out var queue))
        {
            queue = new EndpointQueue(deps.Sender, deps.Settings.Retry, deps.Time, _reports, work.Generation, work.Stop.Token);
            work.Queues[key] = queue;
        }

        return queue;
    }

    /// <summary>Sends a parked (or interrupted) redelivery again, to the instance's webhook as it is configured now.</summary>
    private void Redeliver(PartitionWork work, WebhookDeliveryState state, bool resume)
    {
        var targets = deps.Router.TargetsOf(state.Event, work.Webhooks.GetValueOrDefault(state.Instance));
        if (targets.FirstOrDefault(t => t.Kind == state.Target) is not { } target)
        {
            LogNoTarget(logger, state.Instance, state.Event, state.EventId, state.Target);
            return;
        }

        var job = new DeliveryJob(state.EventId, state.Instance, state.Event, target, work.Partition, null, state.EventBody.ToByteArray())
        {
            OriginalOffset = state.FeedOffset,
            Attempts = resume ? state.Attempts : 0,
            NextAttemptAt = resume ? state.NextAttemptAt?.ToDateTimeOffset() ?? deps.Time.GetUtcNow() : deps.Time.GetUtcNow(),
        };
        state.State = Redelivering;
        QueueOf(work, job).Enqueue(job);
    }

    private void AssignRedeliverRequests()
    {
        if (_redeliver is null)
        {
            var config = deps.Configs.Consumer("delivery-redeliver", "evostream-redeliver-unused");
            _redeliver = deps.Configs.ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        }

        // Requests are read from the start of each owned partition: one applies only to deliveries parked before it
        // was made, so reading it again finds nothing left to do.
        _redeliver.Assign(_partitions.Keys.Select(p => new TopicPartitionOffset(deps.Topics.WebhookRedeliver, p, Offset.Beginning)));
    }

    private void PollRedeliverRequests()
    {
        if (_redeliver is null || _partitions.Count == 0)
        {
            return;
        }

        while (_redeliver.Consume(TimeSpan.Zero) is { } record)
        {
            if (record.IsPartitionEOF || record.Message.Value is not { Length: > 0 } value || !_partitions.TryGetValue(record.Partition.Value, out var work))
            {
                continue;
            }

            var request = WebhookRedeliverRequest.Parser.ParseFrom(value);
            var due = work.States.Values
                .Where(s => s.State == Parked && s.Instance == request.Instance && s.ParkedAt is { } at && at <= request.RequestedAt)
                .OrderBy(s => s.FeedOffset)
                .ToList();
            LogRedeliver(logger, request.Instance, due.Count);
            foreach (var state in due)
            {
                Redeliver(work, state, resume: false);
            }
        }
    }

    private static string WithoutQuery(string url) => url.Split('?', 2)[0];

    public void Dispose()
    {
        foreach (var work in _partitions.Values)
        {
            work.Dispose();
        }

        _redeliver?.Close();
        _redeliver?.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "delivery: {Instance} {Event} {EventId} attempt {Attempts} failed ({Error}); next at {Next:o}")]
    private static partial void LogRetry(ILogger logger, string instance, string @event, string eventId, int attempts, string error, DateTimeOffset next);

    [LoggerMessage(LogLevel.Warning, "delivery: {Instance} {Event} {EventId} parked after {Attempts} attempts: {Error}")]
    private static partial void LogParked(ILogger logger, string instance, string @event, string eventId, int attempts, string error);

    [LoggerMessage(LogLevel.Information, "delivery: redelivering {Count} parked deliveries of {Instance}")]
    private static partial void LogRedeliver(ILogger logger, string instance, int count);

    [LoggerMessage(LogLevel.Warning, "delivery: {Instance} {Event} {EventId} cannot be redelivered: its {Target} webhook is no longer enabled for it")]
    private static partial void LogNoTarget(ILogger logger, string instance, string @event, string eventId, string target);
}
