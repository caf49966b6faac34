namespace Evostream.Delivery.Storage;

/// <summary>A row of <c>webhook_deliveries</c>.</summary>
public sealed record DeliveryRecord(
    string DeliveryId, string Instance, string Event, string EventId, string Target, string Url, string State, int Attempts,
    int? LastStatus, string? LastError, int FeedPartition, long? FeedOffset, DateTime FirstAttemptAt, DateTime UpdatedAt)
{
    public const string Delivered = "delivered";
    public const string Retrying = "retrying";
    public const string Parked = "parked";
}
