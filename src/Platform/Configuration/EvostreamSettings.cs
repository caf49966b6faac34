using Evostream.Contracts.WireFormat;

namespace Evostream.Platform.Configuration;

/// <summary>Everything a service needs from its environment, validated once at start-up.</summary>
/// <param name="SimulatorAllowed">
/// Whether WHATSAPP-BAILEYS instances (and those naming no integration) run on the simulated network instead of Baileys:
/// by default in dev mode, never in production unless EVOSTREAM_WHATSAPP=simulator; EVOSTREAM_WHATSAPP=real turns it
/// off in dev mode (<c>./evostream dev --whatsapp real</c>). The connector registers one transport per integration from it.
/// </param>
public sealed record EvostreamSettings(
    RunMode Mode,
    KafkaSettings Kafka,
    string? DatabaseConnectionString,
    string? ApiKey,
    Uri ServerUrl,
    int ServerPort,
    IReadOnlyDictionary<string, bool> KafkaEventFlags,
    RecordFormat RecordFormat,
    SchemaRegistrySettings? SchemaRegistry,
    WebsocketSettings Websocket,
    WaBusinessSettings WaBusiness,
    bool SimulatorAllowed);

/// <summary>The Api's live event streams (Socket.IO, plain WebSocket, SSE).</summary>
/// <param name="Enabled">WEBSOCKET_ENABLED: Evolution's switch; off, every stream route refuses with a reason.</param>
/// <param name="GlobalEvents">WEBSOCKET_GLOBAL_EVENTS: whether the global key may stream every instance's events.</param>
/// <param name="Buffer">EVOSTREAM_STREAM_BUFFER: events one client may fall behind by before it is closed as too slow.</param>
public sealed record WebsocketSettings(bool Enabled, bool GlobalEvents, int Buffer);

public enum RunMode { Production, Dev }

/// <param name="InstanceTopics">
/// Whether events are also written to <c>&lt;prefix&gt;.&lt;instance&gt;.&lt;event&gt;</c>. Off, a deployment of
/// thousands of instances keeps to the global topics instead of thirty topics per instance.
/// </param>
public sealed record KafkaSettings(
    string Brokers,
    string ClientId,
    TimeSpan ConnectionTimeout,
    TimeSpan RequestTimeout,
    string TopicPrefix,
    bool GlobalEnabled,
    int? NumPartitions,
    short? ReplicationFactor,
    bool AutoCreateTopics,
    SaslSettings? Sasl,
    SslSettings? Ssl,
    bool InstanceTopics = true);

public enum KafkaSaslMechanism { Plain, ScramSha256, ScramSha512 }

public sealed record SaslSettings(KafkaSaslMechanism Mechanism, string Username, string Password)
{
    // Keeps the password out of logs and exception messages that print the settings.
    public override string ToString() => $"SaslSettings {{ Mechanism = {Mechanism}, Username = {Username}, Password = *** }}";
}

/// <summary>A PEM value as Evolution takes it (inline text) or a path to a PEM file.</summary>
public sealed record PemSource(string? Inline, string? Path)
{
    public static PemSource FromText(string text) => new(text, null);
    public static PemSource FromFile(string path) => new(null, path);
    public override string ToString() => Path is not null ? $"file {Path}" : "inline PEM";
}

public sealed record SslSettings(bool RejectUnauthorized, PemSource? Ca, PemSource? Certificate, PemSource? Key);

/// <summary>Where Protobuf schemas are registered; <see cref="BasicAuthUserInfo"/> is <c>user:password</c> as Confluent tools take it.</summary>
public sealed record SchemaRegistrySettings(Uri Url, string? BasicAuthUserInfo)
{
    // Keeps the password out of logs and exception messages that print the settings.
    public override string ToString() => $"SchemaRegistrySettings {{ Url = {Url}, BasicAuthUserInfo = {(BasicAuthUserInfo is null ? "none" : "***")} }}";
}
