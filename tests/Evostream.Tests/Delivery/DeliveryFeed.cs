using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Platform.Credentials;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Google.Protobuf;

namespace Evostream.Tests.Delivery;

/// <summary>
/// What a delivery stage under test reads, whether it runs in the test's host or as a process of its own: its
/// environment, and records written straight to the event feed the way the connector writes them (Evolution JSON
/// bodies from the golden files, header values and secrets sealed under the stage's credentials key).
/// </summary>
internal sealed class DeliveryFeed : IDisposable
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static readonly JsonParser s_json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private readonly IProducer<string, byte[]> _producer;
    private int _sequence;

    public DeliveryFeed(EmbeddedStack stack, string tag)
    {
        Prefix = EmbeddedStack.NewPrefix(tag);
        Schema = "webhooks_" + Prefix.ToLowerInvariant();
        var keysText = CredentialKeys.NewKeyText("t1");
        Assert.True(CredentialKeys.TryParse(keysText, out var keys, out _));
        Cipher = new CredentialsCipher(keys!);
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var signing = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, seed, NSec.Cryptography.KeyBlobFormat.RawPrivateKey);
        PublicKey = signing.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        Settings = new Dictionary<string, string?>
        {
            ["EVOSTREAM_MODE"] = "dev",
            ["KAFKA_BROKERS"] = stack.Kafka.BootstrapServers,
            ["KAFKA_TOPIC_PREFIX"] = Prefix,
            ["KAFKA_NUM_PARTITIONS"] = "3",
            ["DATABASE_CONNECTION_URI"] = stack.Postgres.Uri,
            ["EVOSTREAM_CREDENTIALS_KEYS"] = keysText,
            ["EVOSTREAM_WEBHOOK_SCHEMA"] = Schema,
            ["EVOSTREAM_WEBHOOK_SECRET"] = Secret,
            ["EVOSTREAM_WEBHOOK_SIGNING_KEY"] = "whsk_" + Convert.ToBase64String(seed),
            ["WEBHOOK_RETRY_INITIAL_DELAY_SECONDS"] = "1",
            ["WEBHOOK_RETRY_MAX_DELAY_SECONDS"] = "2",
            ["WEBHOOK_REQUEST_TIMEOUT_MS"] = "5000",
            ["EVOSTREAM_REPLICA_ID"] = Prefix,
        };
        _producer = new ProducerBuilder<string, byte[]>(new KafkaClientConfigs(stack.KafkaSettings(Prefix)).Producer("test")).Build();
    }

    public string Prefix { get; }

    public string Schema { get; }

    public CredentialsCipher Cipher { get; }

    public byte[] PublicKey { get; }

    /// <summary>The stage's environment; a test adds or overrides entries before the stage starts.</summary>
    public Dictionary<string, string?> Settings { get; }

    public StageTopics Topics => new(Prefix);

    /// <summary>
    /// Writes <c>instance.configured</c> with <paramref name="webhook"/> (header values and secret sealed, as the
    /// connector stores them), and the instance's state with it, from which a restarted stage learns the webhook of
    /// an instance whose <c>instance.configured</c> was committed long ago.
    /// </summary>
    public async Task ConfigureAsync(string instance, JsonObject webhook)
    {
        if (webhook["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers.ToList())
            {
                headers[name] = Cipher.SealText(value!.GetValue<string>(), instance);
            }
        }

        if (webhook["secret"] is { } secret)
        {
            webhook["secret"] = Cipher.SealText(secret.GetValue<string>(), instance);
        }

        var body = Golden("instance.configured", instance);
        body["data"]!["instanceName"] = instance;
        body["data"]!["webhook"] = webhook;
        var state = new InstanceState { InstanceName = instance, Webhook = s_json.Parse<WebhookConfig>(webhook.ToJsonString()) };
        await _producer.ProduceAsync(Topics.InstanceState, new Message<string, byte[]> { Key = instance, Value = state.ToByteArray() });
        await WriteAsync(instance, body);
    }

    /// <summary>Writes a <c>messages.upsert</c> whose key id is <paramref name="tag"/>; returns its event id.</summary>
    public async Task<string> MessageAsync(string instance, string tag)
    {
        var body = Golden("messages.upsert", instance);
        body["data"]!["key"]!["id"] = tag;
        return await WriteAsync(instance, body);
    }

    public async Task<string> WriteAsync(string instance, JsonObject body)
    {
        var eventId = $"{Prefix}-{Interlocked.Increment(ref _sequence)}";
        var headers = new Headers
        {
            { EvolutionHeaders.Event, Encoding.UTF8.GetBytes(body["event"]!.GetValue<string>()) },
            { EvolutionHeaders.Instance, Encoding.UTF8.GetBytes(instance) },
            { EvolutionHeaders.EventId, Encoding.UTF8.GetBytes(eventId) },
            { EvolutionHeaders.ContentType, Encoding.UTF8.GetBytes(EvolutionHeaders.JsonContentType) },
        };
        await _producer.ProduceAsync(Topics.EventFeed, new Message<string, byte[]> { Key = instance, Value = Encoding.UTF8.GetBytes(body.ToJsonString()), Headers = headers });
        return eventId;
    }

    public static JsonObject Golden(string eventName, string instance)
    {
        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Evostream.Tests", "Contracts", "Evolution", "Golden", eventName + ".json")))!.AsObject();
        body["instance"] = instance;
        return body;
    }

    public void Dispose() => _producer.Dispose();
}
