using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>The instance lifecycle commands: Evolution's /instance routes.</summary>
internal static class InstanceCommands
{
    public static IReadOnlyList<CommandCodec> All { get; } =
    [
        new(Case.CreateInstance,
            new JsonFields("instanceName", "instanceId", "token", "tokenSha256", "number", "qrcode", "integration", "businessId", "accessTokenSealed", "baileysAuthSealed")
                .And(ConfigBlocksJson.SettingsFields).And(new JsonFields("webhook", "kafka", "websocket")),
            ReadCreate, WriteCreate),
        new(Case.ConnectInstance, new JsonFields("number"),
            static (r, body, e) => e.ConnectInstance = new ConnectInstance { Number = r.String(body, "number") },
            static (json, e) => json.WriteIfNotEmpty("number"u8, e.ConnectInstance.Number)),
        new(Case.RestartInstance, JsonFields.None, static (_, _, e) => e.RestartInstance = new RestartInstance(), static (_, _) => { }),
        new(Case.LogoutInstance, JsonFields.None, static (_, _, e) => e.LogoutInstance = new LogoutInstance(), static (_, _) => { }),
        new(Case.DeleteInstance, JsonFields.None, static (_, _, e) => e.DeleteInstance = new DeleteInstance(), static (_, _) => { }),
        new(Case.SetPresence, new JsonFields("presence"),
            static (r, body, e) => e.SetPresence = new SetPresence { Presence = r.String(body, "presence", required: true) },
            static (json, e) => json.WriteString("presence"u8, e.SetPresence.Presence)),
    ];

    // Evolution's body names the instance `instanceName`; the envelope's `instance` may say it too, but not differently.
    private static void ReadCreate(JsonBodyReader reader, JsonElement body, CommandEnvelope envelope)
    {
        var name = reader.String(body, "instanceName");
        if (envelope.Instance.Length == 0)
        {
            envelope.Instance = name;
        }
        else if (name.Length > 0 && name != envelope.Instance)
        {
            reader.Fail("instanceName", $"'{name}' differs from instance '{envelope.Instance}'");
        }

        if (envelope.Instance.Length == 0)
        {
            reader.Fail("instance", "is required; createInstance also takes it as instanceName");
        }

        var create = new CreateInstance
        {
            InstanceId = reader.String(body, "instanceId"),
            TokenSha256 = TokenSha256(reader, body),
            Number = reader.String(body, "number"),
            Qrcode = reader.Bool(body, "qrcode"),
            Integration = reader.String(body, "integration"),
            BusinessId = reader.String(body, "businessId"),
            AccessTokenSealed = reader.String(body, "accessTokenSealed"),
            BaileysAuthSealed = reader.String(body, "baileysAuthSealed"),
        };
        if (create.AccessTokenSealed.Length > 0 && !create.AccessTokenSealed.StartsWith("enc:v1:", StringComparison.Ordinal))
        {
            // The access token is a secret at rest: the commands topic may only ever hold it sealed.
            reader.Fail("accessTokenSealed", "must be sealed ('enc:v1:<key id>:<base64>'); the Api seals a WHATSAPP-BUSINESS token given as 'token'");
        }

        if (create.BaileysAuthSealed.Length > 0 && !create.BaileysAuthSealed.StartsWith("enc:v1:", StringComparison.Ordinal))
        {
            reader.Fail("baileysAuthSealed", "must be sealed ('enc:v1:<key id>:<base64>'); `evostream instances import --baileys-auth` seals a linked auth state");
        }

        if (ConfigBlocksJson.HasSettings(body))
        {
            create.Settings = ConfigBlocksJson.ReadSettings(reader, body, required: false);
        }

        create.Webhook = reader.Object(body, "webhook", ConfigBlocksJson.WebhookFields, ConfigBlocksJson.ReadWebhookInCreate);
        create.Kafka = reader.Object(body, "kafka", ConfigBlocksJson.KafkaFields, ConfigBlocksJson.ReadKafkaInCreate);
        create.Websocket = reader.Object(body, "websocket", ConfigBlocksJson.WebsocketFields, ConfigBlocksJson.ReadWebsocketInCreate);
        envelope.CreateInstance = create;
    }

    private static void WriteCreate(Utf8JsonWriter json, CommandEnvelope envelope)
    {
        var create = envelope.CreateInstance;
        json.WriteString("instanceName"u8, envelope.Instance);
        json.WriteIfNotEmpty("instanceId"u8, create.InstanceId);
        json.WriteIfNotEmpty("tokenSha256"u8, create.TokenSha256);
        json.WriteIfNotEmpty("number"u8, create.Number);
        json.WriteIfTrue("qrcode"u8, create.Qrcode);
        json.WriteIfNotEmpty("integration"u8, create.Integration);
        json.WriteIfNotEmpty("businessId"u8, create.BusinessId);
        json.WriteIfNotEmpty("accessTokenSealed"u8, create.AccessTokenSealed);
        json.WriteIfNotEmpty("baileysAuthSealed"u8, create.BaileysAuthSealed);
        if (create.Settings is { } settings)
        {
            ConfigBlocksJson.WriteSettings(json, settings);
        }

        ConfigBlocksJson.WriteWebhook(json, create.Webhook);
        ConfigBlocksJson.WriteKafka(json, create.Kafka);
        ConfigBlocksJson.WriteWebsocket(json, create.Websocket);
    }

    /// <summary>
    /// Evolution's <c>token</c> is hashed here, at the edge: the envelope carries only its SHA-256, so the token is never
    /// written back out. A producer that does not want the token on the commands topic at all sends <c>tokenSha256</c>.
    /// </summary>
    private static string TokenSha256(JsonBodyReader reader, JsonElement body)
    {
        var token = reader.String(body, "token");
        var hash = reader.String(body, "tokenSha256");
        if (token.Length > 0 && hash.Length > 0)
        {
            reader.Fail("tokenSha256", "cannot be given with token");
            return "";
        }

        // Whether a given digest has the digest's form is the command processor's rule (Validation/ContentRules), so
        // Protobuf commands meet it too.
        return token.Length > 0 ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))) : hash;
    }
}
