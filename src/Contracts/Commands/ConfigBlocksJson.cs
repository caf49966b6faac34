using System.Text.Json;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Commands;

/// <summary>
/// The settings, webhook and kafka blocks, shared by createInstance and the set commands. Blocks are written whole,
/// every field even when default: they replace the instance's configuration, so a reader should see all of it.
/// </summary>
internal static class ConfigBlocksJson
{
    /// <summary>Evolution's settings, flat at the top of the body as in /settings/set and /instance/create, plus Evostream's holdUntilConnected.</summary>
    public static JsonFields SettingsFields { get; } = new(
        "rejectCall", "msgCall", "groupsIgnore", "alwaysOnline", "readMessages", "readStatus", "syncFullHistory", "wavoipToken", "holdUntilConnected");

    /// <summary>
    /// Evolution's own docs and clients spell two of them three ways (the seed's operations guide sends
    /// <c>webhookByEvents</c> and <c>webhookBase64</c> inside the wrapper), so every spelling is taken; <c>secret</c>
    /// is Evostream's (a Standard Webhooks signing secret).
    /// </summary>
    public static JsonFields WebhookFields { get; } = new(
        "enabled", "url", "headers", "byEvents", "webhookByEvents", "webhook_by_events", "base64", "webhookBase64", "webhook_base64", "events", "secret");

    private static readonly string[] s_byEventsNames = ["byEvents", "webhookByEvents", "webhook_by_events"];
    private static readonly string[] s_base64Names = ["base64", "webhookBase64", "webhook_base64"];

    public static JsonFields KafkaFields { get; } = new("enabled", "events");

    public static JsonFields WebsocketFields { get; } = new("enabled", "events");

    /// <summary>/settings/set requires every Evolution boolean (its schema does); /instance/create takes each optionally.</summary>
    public static InstanceSettings ReadSettings(JsonBodyReader reader, JsonElement body, bool required) => new()
    {
        RejectCall = reader.Bool(body, "rejectCall", required),
        MsgCall = reader.String(body, "msgCall"),
        GroupsIgnore = reader.Bool(body, "groupsIgnore", required),
        AlwaysOnline = reader.Bool(body, "alwaysOnline", required),
        ReadMessages = reader.Bool(body, "readMessages", required),
        ReadStatus = reader.Bool(body, "readStatus", required),
        SyncFullHistory = reader.Bool(body, "syncFullHistory", required),
        WavoipToken = reader.String(body, "wavoipToken"),
        HoldUntilConnected = reader.Bool(body, "holdUntilConnected"),
    };

    /// <summary>Whether a createInstance body gives any setting, so one that gives none leaves the settings unset.</summary>
    public static bool HasSettings(JsonElement body)
    {
        foreach (var name in SettingsFields.Names)
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }
        }

        return false;
    }

    public static void WriteSettings(Utf8JsonWriter json, InstanceSettings settings)
    {
        json.WriteBoolean("rejectCall"u8, settings.RejectCall);
        json.WriteString("msgCall"u8, settings.MsgCall);
        json.WriteBoolean("groupsIgnore"u8, settings.GroupsIgnore);
        json.WriteBoolean("alwaysOnline"u8, settings.AlwaysOnline);
        json.WriteBoolean("readMessages"u8, settings.ReadMessages);
        json.WriteBoolean("readStatus"u8, settings.ReadStatus);
        json.WriteBoolean("syncFullHistory"u8, settings.SyncFullHistory);
        json.WriteString("wavoipToken"u8, settings.WavoipToken);
        json.WriteBoolean("holdUntilConnected"u8, settings.HoldUntilConnected);
    }

    /// <summary>/webhook/set: Evolution's schema requires enabled and url.</summary>
    public static WebhookConfig ReadWebhookToSet(JsonBodyReader reader, JsonElement webhook) => ReadWebhook(reader, webhook, set: true);

    /// <summary>
    /// /instance/create: giving the block enables it, as in Evolution, unless it says enabled:false (which Evolution
    /// ignores, enabling it anyway).
    /// </summary>
    public static WebhookConfig ReadWebhookInCreate(JsonBodyReader reader, JsonElement webhook) => ReadWebhook(reader, webhook, set: false);

    public static void WriteWebhook(Utf8JsonWriter json, WebhookConfig? webhook)
    {
        if (webhook is null)
        {
            return;
        }

        json.WriteStartObject("webhook"u8);
        json.WriteBoolean("enabled"u8, webhook.Enabled);
        json.WriteString("url"u8, webhook.Url);
        json.WriteStartObject("headers"u8);
        foreach (var (name, value) in webhook.Headers)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteBoolean("byEvents"u8, webhook.ByEvents);
        json.WriteBoolean("base64"u8, webhook.Base64);
        json.WriteStrings("events"u8, webhook.Events);
        if (webhook.Secret.Length > 0)
        {
            json.WriteString("secret"u8, webhook.Secret);
        }

        json.WriteEndObject();
    }

    /// <summary>/kafka/set: Evolution's schema requires enabled.</summary>
    public static KafkaConfig ReadKafkaToSet(JsonBodyReader reader, JsonElement kafka) => ReadKafka(reader, kafka, set: true);

    /// <summary>/instance/create: giving the block enables it unless it says enabled:false, as for the webhook.</summary>
    public static KafkaConfig ReadKafkaInCreate(JsonBodyReader reader, JsonElement kafka) => ReadKafka(reader, kafka, set: false);

    public static void WriteKafka(Utf8JsonWriter json, KafkaConfig? kafka)
    {
        if (kafka is null)
        {
            return;
        }

        json.WriteStartObject("kafka"u8);
        json.WriteBoolean("enabled"u8, kafka.Enabled);
        json.WriteStrings("events"u8, kafka.Events);
        json.WriteEndObject();
    }

    /// <summary>/websocket/set: Evolution's schema requires enabled.</summary>
    public static WebsocketConfig ReadWebsocketToSet(JsonBodyReader reader, JsonElement websocket) => ReadWebsocket(reader, websocket, set: true);

    /// <summary>/instance/create: giving the block enables it unless it says enabled:false, as for the webhook.</summary>
    public static WebsocketConfig ReadWebsocketInCreate(JsonBodyReader reader, JsonElement websocket) => ReadWebsocket(reader, websocket, set: false);

    public static void WriteWebsocket(Utf8JsonWriter json, WebsocketConfig? websocket)
    {
        if (websocket is null)
        {
            return;
        }

        json.WriteStartObject("websocket"u8);
        json.WriteBoolean("enabled"u8, websocket.Enabled);
        json.WriteStrings("events"u8, websocket.Events);
        json.WriteEndObject();
    }

    // The live streams filter by these names, so an unknown one is refused rather than silently matching nothing.
    private static WebsocketConfig ReadWebsocket(JsonBodyReader reader, JsonElement body, bool set)
    {
        var websocket = new WebsocketConfig { Enabled = reader.OptionalBool(body, "enabled", set) ?? true };
        reader.Strings(body, "events", websocket.Events);
        for (var i = 0; i < websocket.Events.Count; i++)
        {
            if (!EventSubscriptions.IsConfigKey(websocket.Events[i]))
            {
                reader.Fail($"events[{i}]", $"'{websocket.Events[i]}' is not an event name; use Evolution's upper-case names such as MESSAGES_UPSERT");
                break;
            }
        }

        return websocket;
    }

    // An empty or absent events list means every event; Evolution crashes when it is absent, Evostream does not.
    private static WebhookConfig ReadWebhook(JsonBodyReader reader, JsonElement body, bool set)
    {
        var webhook = new WebhookConfig
        {
            Enabled = reader.OptionalBool(body, "enabled", set) ?? true,
            Url = reader.String(body, "url", set),
        };
        reader.StringMap(body, "headers", webhook.Headers);
        webhook.ByEvents = AliasedBool(reader, body, s_byEventsNames);
        webhook.Base64 = AliasedBool(reader, body, s_base64Names);
        reader.Strings(body, "events", webhook.Events);
        webhook.Secret = reader.String(body, "secret");
        return webhook;
    }

    /// <summary>One flag under several spellings: any may be given, and two that disagree are an error naming both.</summary>
    private static bool AliasedBool(JsonBodyReader reader, JsonElement body, string[] names)
    {
        (string Name, bool Value)? first = null;
        foreach (var name in names)
        {
            if (reader.OptionalBool(body, name) is not { } value)
            {
                continue;
            }

            if (first is { } seen && seen.Value != value)
            {
                reader.Fail(name, $"contradicts '{seen.Name}' ({(seen.Value ? "true" : "false")}); they are the same setting, give one");
                return false;
            }

            first ??= (name, value);
        }

        return first?.Value ?? false;
    }

    private static KafkaConfig ReadKafka(JsonBodyReader reader, JsonElement body, bool set)
    {
        var kafka = new KafkaConfig { Enabled = reader.OptionalBool(body, "enabled", set) ?? true };
        reader.Strings(body, "events", kafka.Events);
        return kafka;
    }
}
