using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Evostream.Api.Reading;

namespace Evostream.Api.Routes.Message;

/// <summary>Evolution's <c>messageRaw</c>: what every send answers with 201, and each findMessages record.</summary>
public sealed record SentMessageView(
    SentMessageView.KeyView Key,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PushName,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? ContextInfo,
    string MessageType,
    long MessageTimestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? InstanceId,
    string Source)
{
    public sealed record KeyView(
        string RemoteJid,
        bool FromMe,
        string Id,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Participant = null);

    // Evolution labels the sender's own messages "Você" when WhatsApp gave no push name.
    public static SentMessageView Of(MessageRow row) => new(
        new KeyView(row.RemoteJid, row.FromMe, row.KeyId, row.Participant),
        row.PushName ?? (row.FromMe ? "Você" : null),
        row.Status ?? "PENDING", row.Content, row.ContextInfo, row.MessageType, row.MessageTimestamp, row.InstanceId, row.Source ?? "unknown");
}
