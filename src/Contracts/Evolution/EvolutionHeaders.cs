namespace Evostream.Contracts.Evolution;

/// <summary>Record headers: Evolution's four, then Evostream's additions. All values are UTF-8 strings.</summary>
public static class EvolutionHeaders
{
    public const string Event = "event";
    public const string Instance = "instance";
    public const string Origin = "origin";
    public const string Timestamp = "timestamp";

    /// <summary>Unique per event; consumers deduplicate on it.</summary>
    public const string EventId = "event-id";

    /// <summary>The command that caused the event, when one did.</summary>
    public const string CausationId = "causation-id";

    /// <summary><see cref="JsonContentType"/> or <see cref="ProtobufContentType"/>.</summary>
    public const string ContentType = "content-type";

    /// <summary>The contract the value follows, e.g. <c>evostream.v1.EventEnvelope</c>.</summary>
    public const string Schema = "schema";

    public const string JsonContentType = "application/json";
    public const string ProtobufContentType = "application/x-protobuf; wire-format=confluent";
}
