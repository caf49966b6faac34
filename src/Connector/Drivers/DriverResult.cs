using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers;

/// <summary>What came of a request. The connector stamps the events (id, instance, time, causing command) and writes them.</summary>
public abstract record DriverResult
{
    private DriverResult() { }

    /// <summary>It happened. <paramref name="Events"/> hold Evolution-shaped data (send.message, groups.upsert...), in order.</summary>
    /// <param name="Detail">A small command-specific answer, such as a group invite code.</param>
    public sealed record Done(IReadOnlyList<EventEnvelope> Events, string? MessageId = null, string? RemoteJid = null, string? Detail = null) : DriverResult;

    /// <summary>WhatsApp refused it (not a WhatsApp number, not a group admin, rate-limited...): reported, not retried.</summary>
    /// <param name="HttpStatus">What the REST facade should answer: 400 for bad input, 404 for an unknown chat...</param>
    public sealed record Failed(string Reason, string? Field = null, int HttpStatus = 400, IReadOnlyList<EventEnvelope>? Events = null) : DriverResult;

    /// <summary>This transport cannot do it at all (see <see cref="DriverCapabilities"/>); never faked.</summary>
    public sealed record Unsupported(string Reason) : DriverResult;
}
