namespace Evostream.Connector.Drivers.Baileys;

/// <param name="SidecarDirectory">The folder holding the sidecar's package.json, src/ and node_modules/.</param>
/// <param name="Node">The Node.js executable.</param>
/// <param name="WebSocketUrl">Replaces Baileys' waWebSocketUrl (EVOSTREAM_BAILEYS_WS_URL); null for WhatsApp itself.</param>
/// <param name="LogLevel">The sidecar's log level (EVOSTREAM_BAILEYS_LOG_LEVEL).</param>
/// <param name="RequestTimeout">How long a request may go unanswered before the attempt counts as failed.</param>
/// <param name="ConnectWait">How long connect waits for the first QR code, pairing code or open connection.</param>
public sealed record BaileysOptions(
    string SidecarDirectory,
    string Node,
    string? WebSocketUrl,
    string LogLevel,
    TimeSpan RequestTimeout,
    TimeSpan ConnectWait)
{
    /// <summary>The protocol version this driver speaks (PROTOCOL.md beside the sidecar).</summary>
    public const int ProtocolVersion = 1;
}
