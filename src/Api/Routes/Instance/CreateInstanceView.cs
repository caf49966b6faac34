using System.Text.Json.Serialization;
using Evostream.Contracts.V1;

namespace Evostream.Api.Routes.Instance;

/// <summary>
/// Evolution's 201 for /instance/create; <c>hash</c> is the instance token, shown this once. <c>transport</c> (Evostream's)
/// names what the connector runs the instance on: simulator, baileys or cloud-api.
/// </summary>
public sealed record CreateInstanceView(
    CreateInstanceView.InstanceBlock Instance,
    string Hash,
    CreateInstanceView.WebhookBlock Webhook,
    CreateInstanceView.Enabled Websocket,
    CreateInstanceView.Enabled Rabbitmq,
    CreateInstanceView.Enabled Nats,
    CreateInstanceView.Enabled Sqs,
    CreateInstanceView.SettingsBlock Settings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QrCodeView? Qrcode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Transport)
{
    public sealed record InstanceBlock(
        string InstanceName, string InstanceId, string Integration,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? WebhookWaBusiness,
        string AccessTokenWaBusiness, string Status);

    public sealed record WebhookBlock(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? WebhookUrl,
        IReadOnlyDictionary<string, string> WebhookHeaders, bool WebhookByEvents, bool WebhookBase64);

    public sealed record Enabled([property: JsonPropertyName("enabled")] bool IsOn);

    public sealed record SettingsBlock(
        bool RejectCall, string MsgCall, bool GroupsIgnore, bool AlwaysOnline, bool ReadMessages, bool ReadStatus,
        bool SyncFullHistory, string WavoipToken)
    {
        public static SettingsBlock Of(InstanceSettings? s) => s is null
            ? new(false, "", false, false, false, false, false, "")
            : new(s.RejectCall, s.MsgCall, s.GroupsIgnore, s.AlwaysOnline, s.ReadMessages, s.ReadStatus, s.SyncFullHistory, s.WavoipToken);
    }
}
