namespace Evostream.Api.Writing;

/// <summary>
/// The 202 body: the command is safely in Kafka but its outcome is not known yet (or the caller asked not to wait).
/// </summary>
/// <param name="Status">PENDING (no outcome yet), ACCEPTED (scheduled to run later) or OUTCOME_UNKNOWN.</param>
/// <param name="StatusUrl">Where <c>GET /commands/{id}</c> tells the outcome.</param>
public sealed record PendingCommand(string CommandId, string Status, string StatusUrl, string? Reason = null, DateTimeOffset? NotBefore = null)
{
    public static string UrlOf(string commandId) => $"/commands/{commandId}";
}
