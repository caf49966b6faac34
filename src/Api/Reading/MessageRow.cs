using System.Text.Json.Nodes;

namespace Evostream.Api.Reading;

/// <summary>One message of the messages read model, with its current status.</summary>
public sealed record MessageRow(
    string KeyId,
    string RemoteJid,
    bool FromMe,
    string? Participant,
    string? PushName,
    string MessageType,
    JsonNode? Content,
    JsonNode? ContextInfo,
    long MessageTimestamp,
    string? InstanceId,
    string? Source,
    string? Status);
