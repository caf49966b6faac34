using Evostream.Delivery.Routing;

namespace Evostream.Delivery.Queues;

/// <summary>
/// One event to one target. The loop thread creates it; the target's queue owns it until it is settled (delivered
/// or parked), and reports each attempt back to the loop thread, which alone writes to Kafka.
/// </summary>
public sealed class DeliveryJob(string eventId, string instance, string eventName, WebhookTarget target, int partition, long? feedOffset, byte[] eventBody)
{
    public string Id { get; } = eventId + "/" + target.Kind;

    public string EventId { get; } = eventId;

    public string Instance { get; } = instance;

    public string EventName { get; } = eventName;

    public WebhookTarget Target { get; } = target;

    public int Partition { get; } = partition;

    /// <summary>The feed record it came from; null for a redelivery, whose record was committed long ago.</summary>
    public long? FeedOffset { get; } = feedOffset;

    /// <summary>The event's Evolution JSON body, before <c>destination</c> is added.</summary>
    public byte[] EventBody { get; } = eventBody;

    /// <summary>For a redelivery, the feed offset of the original record (it orders redeliveries).</summary>
    public long OriginalOffset { get; init; }

    public DateTimeOffset FirstAttemptAt { get; } = DateTimeOffset.UtcNow;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int? LastStatus { get; set; }

    public string? LastError { get; set; }

    /// <summary>The body as posted, built at the first attempt (with base64 media, downloaded once) and kept for retries.</summary>
    public byte[]? Payload { get; set; }

    public string Url => Target.UrlFor(EventName);
}

/// <summary>What became of an attempt; the loop thread turns it into records.</summary>
public enum AttemptOutcome { Delivered, WillRetry, Parked }

public sealed record AttemptReport(DeliveryJob Job, AttemptOutcome Outcome, int Generation, DateTimeOffset At);
