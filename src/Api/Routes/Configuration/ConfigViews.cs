using Evostream.Api.Reading;
using Evostream.Contracts.V1;

namespace Evostream.Api.Routes.Configuration;

public sealed record SettingsView(
    bool RejectCall, string MsgCall, bool GroupsIgnore, bool AlwaysOnline, bool ReadMessages, bool ReadStatus, bool SyncFullHistory,
    string WavoipToken, bool HoldUntilConnected)
{
    public static SettingsView Of(InstanceSettings s) => new(
        s.RejectCall, s.MsgCall, s.GroupsIgnore, s.AlwaysOnline, s.ReadMessages, s.ReadStatus, s.SyncFullHistory, s.WavoipToken, s.HoldUntilConnected);

    public static SettingsView Of(SettingsRow r) => new(
        r.RejectCall, r.MsgCall, r.GroupsIgnore, r.AlwaysOnline, r.ReadMessages, r.ReadStatus, r.SyncFullHistory, r.WavoipToken, r.HoldUntilConnected);
}

/// <summary>Evolution's Webhook row. Header values are secrets stored sealed, so they are shown masked.</summary>
public sealed record WebhookView(
    string InstanceId, bool Enabled, string Url, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> Events, bool WebhookByEvents,
    bool WebhookBase64)
{
    public const string Masked = "***";

    public static WebhookView Of(string instance, WebhookConfig w) => new(
        instance, w.Enabled, w.Url, w.Headers.Keys.ToDictionary(k => k, _ => Masked), [.. w.Events], w.ByEvents, w.Base64);

    public static WebhookView Of(string instance, WebhookRow r) => new(
        instance, r.Enabled, r.Url, r.HeaderNames.ToDictionary(k => k, _ => Masked), r.Events, r.ByEvents, r.Base64);
}

public sealed record KafkaView(string InstanceId, bool Enabled, IReadOnlyList<string> Events);

public sealed record WebsocketView(string InstanceId, bool Enabled, IReadOnlyList<string> Events);
