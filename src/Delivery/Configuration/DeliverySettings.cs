using NSec.Cryptography;

namespace Evostream.Delivery.Configuration;

/// <summary>Evolution's global webhook (WEBHOOK_GLOBAL_*): every instance's events whose WEBHOOK_EVENTS_* flag is on.</summary>
public sealed record GlobalWebhook(bool Enabled, string Url, bool ByEvents, IReadOnlySet<string> Events);

/// <summary>Everything the delivery stage reads from its environment, validated at start-up.</summary>
/// <param name="Secrets">EVOSTREAM_WEBHOOK_SECRET: HMAC keys, each giving one <c>v1</c> signature.</param>
/// <param name="SigningKeys">EVOSTREAM_WEBHOOK_SIGNING_KEY: Ed25519 keys, each giving one <c>v1a</c> signature.</param>
/// <param name="AllowPrivate">EVOSTREAM_WEBHOOK_ALLOW_PRIVATE: deliver to loopback, link-local and private addresses.</param>
/// <param name="Base64MaxBytes">EVOSTREAM_WEBHOOK_BASE64_MAX_BYTES: the largest media inlined for <c>base64</c>.</param>
/// <param name="Retention">EVOSTREAM_WEBHOOK_RETENTION_DAYS: how long delivery records are kept in PostgreSQL.</param>
/// <param name="Schema">EVOSTREAM_WEBHOOK_SCHEMA: the PostgreSQL schema of the delivery records.</param>
public sealed record DeliverySettings(
    GlobalWebhook Global,
    TimeSpan RequestTimeout,
    RetryPolicy Retry,
    IReadOnlyList<byte[]> Secrets,
    IReadOnlyList<Key> SigningKeys,
    bool AllowPrivate,
    long Base64MaxBytes,
    TimeSpan Retention,
    string Schema,
    string ReplicaId)
{
    public const string DefaultSchema = "evostream_webhooks";

    // Keeps key material out of logs.
    public override string ToString() =>
        $"DeliverySettings {{ Global = {Global.Enabled}, Timeout = {RequestTimeout}, Retry = {Retry.MaxAttempts}, Secrets = {Secrets.Count}, SigningKeys = {SigningKeys.Count}, AllowPrivate = {AllowPrivate} }}";
}
