using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>The per-instance configuration commands: /webhook/set, /kafka/set, /websocket/set and /settings/set.</summary>
internal static class ConfigCommands
{
    public static IReadOnlyList<CommandCodec> All { get; } =
    [
        new(Case.SetWebhook, new JsonFields("webhook"),
            static (r, body, e) => e.SetWebhook = new SetWebhook
            {
                Webhook = r.Object(body, "webhook", ConfigBlocksJson.WebhookFields, ConfigBlocksJson.ReadWebhookToSet, required: true),
            },
            static (json, e) => ConfigBlocksJson.WriteWebhook(json, e.SetWebhook.Webhook)),
        new(Case.SetKafka, new JsonFields("kafka"),
            static (r, body, e) => e.SetKafka = new SetKafka
            {
                Kafka = r.Object(body, "kafka", ConfigBlocksJson.KafkaFields, ConfigBlocksJson.ReadKafkaToSet, required: true),
            },
            static (json, e) => ConfigBlocksJson.WriteKafka(json, e.SetKafka.Kafka)),
        new(Case.SetWebsocket, new JsonFields("websocket"),
            static (r, body, e) => e.SetWebsocket = new SetWebsocket
            {
                Websocket = r.Object(body, "websocket", ConfigBlocksJson.WebsocketFields, ConfigBlocksJson.ReadWebsocketToSet, required: true),
            },
            static (json, e) => ConfigBlocksJson.WriteWebsocket(json, e.SetWebsocket.Websocket)),
        new(Case.SetSettings, ConfigBlocksJson.SettingsFields,
            static (r, body, e) => e.SetSettings = new SetSettings { Settings = ConfigBlocksJson.ReadSettings(r, body, required: true) },
            static (json, e) =>
            {
                if (e.SetSettings.Settings is { } settings)
                {
                    ConfigBlocksJson.WriteSettings(json, settings);
                }
            }),
    ];
}
