using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Evostream.Platform.Credentials;
using Evostream.Contracts.Evolution;
using Evostream.Delivery;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Evostream.Tests.Delivery;

/// <summary>
/// The delivery stage in a host of its own against the shared embedded Kafka and PostgreSQL, fed by records written
/// straight to the event feed the way the connector writes them (Evolution JSON bodies from the golden files).
/// </summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string WebhookSecret = "whsec_dGhpcyBpcyB0aGUgd2ViaG9vaydzIG93biBzZWNyZXQ=";

    private readonly IProducer<string, byte[]> _producer;
    private int _sequence;

    private DeliveryHarness(IHost host, string prefix, string schema, CredentialsCipher cipher, IProducer<string, byte[]> producer, byte[] publicKey)
    {
        Host = host;
        Prefix = prefix;
        Schema = schema;
        Cipher = cipher;
        _producer = producer;
        PublicKey = publicKey;
    }

    public IHost Host { get; }

    public string Prefix { get; }

    public string Schema { get; }

    public CredentialsCipher Cipher { get; }

    public byte[] PublicKey { get; }

    public StageTopics Topics => new(Prefix);

    public static async Task<DeliveryHarness> StartAsync(EmbeddedStack stack, IDictionary<string, string?>? overrides = null)
    {
        var prefix = EmbeddedStack.NewPrefix("hook");
        var schema = "webhooks_" + prefix.ToLowerInvariant();
        var keysText = CredentialKeys.NewKeyText("t1");
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var signing = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, seed, NSec.Cryptography.KeyBlobFormat.RawPrivateKey);
        var publicKey = signing.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        var settings = new Dictionary<string, string?>
        {
            ["EVOSTREAM_MODE"] = "dev",
            ["KAFKA_BROKERS"] = stack.Kafka.BootstrapServers,
            ["KAFKA_TOPIC_PREFIX"] = prefix,
            ["KAFKA_NUM_PARTITIONS"] = "3",
            ["DATABASE_CONNECTION_URI"] = stack.Postgres.Uri,
            ["EVOSTREAM_CREDENTIALS_KEYS"] = keysText,
            ["EVOSTREAM_WEBHOOK_SCHEMA"] = schema,
            ["EVOSTREAM_WEBHOOK_SECRET"] = Secret,
            ["EVOSTREAM_WEBHOOK_SIGNING_KEY"] = "whsk_" + Convert.ToBase64String(seed),
            ["WEBHOOK_RETRY_INITIAL_DELAY_SECONDS"] = "1",
            ["WEBHOOK_RETRY_MAX_DELAY_SECONDS"] = "2",
            ["WEBHOOK_REQUEST_TIMEOUT_MS"] = "5000",
            ["EVOSTREAM_REPLICA_ID"] = prefix,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        // The embedded cluster answers no admin request: its topics are made through the mock API.
        builder.Services.AddEmbeddedTopics(stack.Kafka);
        builder.AddDelivery();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        Assert.True(CredentialKeys.TryParse(keysText, out var keys, out _));
        var producer = new ProducerBuilder<string, byte[]>(new KafkaClientConfigs(stack.KafkaSettings(prefix)).Producer("test")).Build();
        return new DeliveryHarness(host, prefix, schema, new CredentialsCipher(keys!), producer, publicKey);
    }

    /// <summary>Writes <c>instance.configured</c> with <paramref name="webhook"/> (header values and secret sealed, as the connector stores them).</summary>
    public Task ConfigureAsync(string instance, JsonObject webhook)
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
        return WriteAsync(instance, body);
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

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
