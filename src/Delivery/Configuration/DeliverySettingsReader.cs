using System.Globalization;
using Evostream.Contracts.Webhooks;
using Evostream.Platform.Configuration;
using NSec.Cryptography;

namespace Evostream.Delivery.Configuration;

/// <summary>
/// Reads Evolution's webhook variables (same names and defaults) and Evostream's EVOSTREAM_WEBHOOK_* ones, naming
/// every bad one before failing. Evolution's <c>parseInt(x) || default</c> silently turns 0 or text into the default;
/// here they are errors.
/// </summary>
public sealed class DeliverySettingsReader(Func<string, string?> lookup)
{
    public const string SigningKeyPrefix = "whsk_";

    private readonly List<string> _errors = [];

    public DeliverySettings Read(RunMode mode)
    {
        _errors.Clear();
        var defaults = RetryPolicy.Evolution;
        var retry = new RetryPolicy(
            (int)Whole("WEBHOOK_RETRY_MAX_ATTEMPTS", defaults.MaxAttempts, 1, 1000),
            TimeSpan.FromSeconds(Whole("WEBHOOK_RETRY_INITIAL_DELAY_SECONDS", 5, 1, 86_400)),
            Bool("WEBHOOK_RETRY_USE_EXPONENTIAL_BACKOFF", true),
            TimeSpan.FromSeconds(Whole("WEBHOOK_RETRY_MAX_DELAY_SECONDS", 300, 1, 86_400)),
            Fraction("WEBHOOK_RETRY_JITTER_FACTOR", 0.2),
            Statuses("WEBHOOK_RETRY_NON_RETRYABLE_STATUS_CODES", defaults.NonRetryable));
        var settings = new DeliverySettings(
            Global(),
            TimeSpan.FromMilliseconds(Whole("WEBHOOK_REQUEST_TIMEOUT_MS", 30_000, 1, 600_000)),
            retry,
            Secrets(),
            SigningKeys(),
            Bool("EVOSTREAM_WEBHOOK_ALLOW_PRIVATE", mode == RunMode.Dev),
            Whole("EVOSTREAM_WEBHOOK_BASE64_MAX_BYTES", 16 * 1024 * 1024, 1, 136 * 1024 * 1024),
            TimeSpan.FromDays(Whole("EVOSTREAM_WEBHOOK_RETENTION_DAYS", 30, 1, 3650)),
            Schema(),
            Get("EVOSTREAM_REPLICA_ID") ?? Environment.MachineName);
        if (_errors.Count > 0)
        {
            throw new ConfigurationException([.. _errors]);
        }

        return settings;
    }

    private GlobalWebhook Global()
    {
        var enabled = Bool("WEBHOOK_GLOBAL_ENABLED", false);
        var url = Get("WEBHOOK_GLOBAL_URL") ?? "";
        if (enabled && WebhookUrl.Check(url) is { } error)
        {
            _errors.Add($"WEBHOOK_GLOBAL_URL='{Redact(url)}': {error} (WEBHOOK_GLOBAL_ENABLED=true needs it).");
        }

        var events = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in EvolutionEventFlags.Names)
        {
            if (Bool("WEBHOOK_EVENTS_" + flag, false) && WebhookEvents.TryResolve(flag, out var name))
            {
                events.Add(name);
            }
        }

        // Evolution's error sink posts the global API key to a URL; Evostream has no such sink and says so.
        foreach (var flag in new[] { "WEBHOOK_EVENTS_ERRORS", "WEBHOOK_EVENTS_ERRORS_WEBHOOK" })
        {
            if (Get(flag) is { } raw && raw != "false")
            {
                _errors.Add($"{flag}='{Redact(raw)}': Evostream sends no error webhook (Evolution's carries the global API key); remove it or set it to false.");
            }
        }

        return new GlobalWebhook(enabled, url, Bool("WEBHOOK_GLOBAL_WEBHOOK_BY_EVENTS", false), events);
    }

    private List<byte[]> Secrets()
    {
        var secrets = new List<byte[]>();
        var position = 0;
        foreach (var part in List("EVOSTREAM_WEBHOOK_SECRET"))
        {
            position++;
            if (WebhookSecret.TryParse(part, out var key, out var error))
            {
                secrets.Add(key);
            }
            else
            {
                _errors.Add($"EVOSTREAM_WEBHOOK_SECRET: entry {position} {error}.");
            }
        }

        return secrets;
    }

    private List<Key> SigningKeys()
    {
        var keys = new List<Key>();
        var position = 0;
        foreach (var part in List("EVOSTREAM_WEBHOOK_SIGNING_KEY"))
        {
            position++;
            if (!part.StartsWith(SigningKeyPrefix, StringComparison.Ordinal))
            {
                _errors.Add($"EVOSTREAM_WEBHOOK_SIGNING_KEY: entry {position} must start with '{SigningKeyPrefix}' followed by the base64 of a 32-byte Ed25519 private key.");
                continue;
            }

            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(part[SigningKeyPrefix.Length..]);
            }
            catch (FormatException)
            {
                _errors.Add($"EVOSTREAM_WEBHOOK_SIGNING_KEY: entry {position} is not valid base64 after '{SigningKeyPrefix}'.");
                continue;
            }

            if (raw.Length != 32 || !Key.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPrivateKey, out var key))
            {
                _errors.Add($"EVOSTREAM_WEBHOOK_SIGNING_KEY: entry {position} holds {raw.Length} bytes; an Ed25519 private key is 32.");
                continue;
            }

            keys.Add(key!);
        }

        return keys;
    }

    private string Schema()
    {
        var schema = Get("EVOSTREAM_WEBHOOK_SCHEMA") ?? DeliverySettings.DefaultSchema;
        if (schema.Length > 63 || !schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || char.IsAsciiDigit(schema[0]))
        {
            _errors.Add($"EVOSTREAM_WEBHOOK_SCHEMA='{schema}': use at most 63 lower-case letters, digits and '_', not starting with a digit.");
            return DeliverySettings.DefaultSchema;
        }

        return schema;
    }

    private string[] List(string name) =>
        Get(name) is { } raw ? raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];

    private long Whole(string name, long fallback, long min, long max)
    {
        if (Get(name) is not { } raw)
        {
            return fallback;
        }

        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add($"{name}='{raw}': expected a whole number from {min} to {max}.");
        return fallback;
    }

    private double Fraction(string name, double fallback)
    {
        if (Get(name) is not { } raw)
        {
            return fallback;
        }

        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
        {
            return value;
        }

        _errors.Add($"{name}='{raw}': expected a number from 0 to 1.");
        return fallback;
    }

    private HashSet<int> Statuses(string name, IReadOnlySet<int> fallback)
    {
        if (Get(name) is not { } raw)
        {
            return [.. fallback];
        }

        var statuses = new HashSet<int>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599)
            {
                statuses.Add(status);
            }
            else
            {
                _errors.Add($"{name}: '{part}' is not an HTTP status code (100 to 599).");
            }
        }

        return statuses;
    }

    private bool Bool(string name, bool fallback)
    {
        switch (Get(name))
        {
            case null:
                return fallback;
            case "true":
                return true;
            case "false":
                return false;
            case var other:
                _errors.Add($"{name}='{other}': expected true or false.");
                return fallback;
        }
    }

    // A URL may carry an apikey in its query string: configuration errors never print it.
    private static string Redact(string url) => url.Split('?')[0];

    private string? Get(string name) => lookup(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
