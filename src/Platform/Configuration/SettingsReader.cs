using System.Globalization;

using Evostream.Contracts.WireFormat;
using Evostream.Platform.Kafka;

namespace Evostream.Platform.Configuration;

/// <summary>What a particular service cannot start without.</summary>
[Flags]
public enum Requirements { None = 0, Database = 1, ApiKey = 2 }

/// <summary>
/// Reads Evolution API's variable names (same meanings) plus Evostream's own <c>EVOSTREAM_*</c> ones.
/// Collects every problem before failing, so an operator fixes a bad .env in one pass.
/// </summary>
public sealed class SettingsReader(Func<string, string?> lookup)
{
    public const int MinimumApiKeyLength = 24;

    /// <summary>real or simulator: which network WHATSAPP-BAILEYS instances run on (see <see cref="EvostreamSettings.SimulatorAllowed"/>).</summary>
    public const string WhatsAppVariable = "EVOSTREAM_WHATSAPP";

    // Keys published in Evolution's docs and .env.example; anyone can read them.
    private static readonly HashSet<string> s_publishedKeys = new(StringComparer.Ordinal)
    {
        "BQYHJGJHJ", "429683C4C977415CAAFCCE10F7D57E11", "YOUR_AUTHENTICATION_API_KEY", "change-me", "changeme",
    };

    private readonly List<string> _errors = [];

    public static EvostreamSettings FromEnvironment(Requirements requirements = Requirements.None) =>
        new SettingsReader(Environment.GetEnvironmentVariable).Read(requirements);

    public EvostreamSettings Read(Requirements requirements = Requirements.None)
    {
        _errors.Clear();
        var mode = Enum("EVOSTREAM_MODE", RunMode.Production, ("production", RunMode.Production), ("dev", RunMode.Dev));

        if (Get("KAFKA_ENABLED") is not null && !Bool("KAFKA_ENABLED", true))
        {
            _errors.Add("KAFKA_ENABLED=false: Evostream is built on Kafka and cannot run without it; remove the variable or set it to true.");
        }

        var kafka = new KafkaSettings(
            Brokers: Brokers("KAFKA_BROKERS", "localhost:9092"),
            ClientId: Text("KAFKA_CLIENT_ID", "evostream"),
            ConnectionTimeout: Millis("KAFKA_CONNECTION_TIMEOUT", 3000),
            RequestTimeout: Millis("KAFKA_REQUEST_TIMEOUT", 30000),
            TopicPrefix: TopicPrefix("KAFKA_TOPIC_PREFIX", "evolution"),
            GlobalEnabled: Bool("KAFKA_GLOBAL_ENABLED", false),
            NumPartitions: (int?)OptionalInt("KAFKA_NUM_PARTITIONS", 1, 10_000),
            ReplicationFactor: (short?)OptionalInt("KAFKA_REPLICATION_FACTOR", 1, short.MaxValue),
            AutoCreateTopics: Bool("KAFKA_AUTO_CREATE_TOPICS", mode == RunMode.Dev),
            Sasl: Sasl(),
            Ssl: Ssl(),
            InstanceTopics: Bool("EVOSTREAM_INSTANCE_TOPICS", true));

        if (!kafka.InstanceTopics && !kafka.GlobalEnabled)
        {
            _errors.Add("EVOSTREAM_INSTANCE_TOPICS=false leaves events only the global topics, and KAFKA_GLOBAL_ENABLED is false, so no event would be written anywhere; set KAFKA_GLOBAL_ENABLED=true or EVOSTREAM_INSTANCE_TOPICS=true.");
        }

        var flags = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var flag in EvolutionEventFlags.Names)
        {
            flags[flag] = Bool("KAFKA_EVENTS_" + flag, false);
        }

        var settings = new EvostreamSettings(
            mode,
            kafka,
            Database(requirements.HasFlag(Requirements.Database)),
            ApiKey(mode, requirements.HasFlag(Requirements.ApiKey)),
            AbsoluteUrl("SERVER_URL", "http://localhost:8080"),
            (int)(OptionalInt("SERVER_PORT", 1, 65535) ?? 8080),
            flags,
            Enum("EVOSTREAM_RECORD_FORMAT", RecordFormat.Json, ("json", RecordFormat.Json), ("protobuf", RecordFormat.Protobuf)),
            SchemaRegistry(),
            new WebsocketSettings(
                Bool("WEBSOCKET_ENABLED", mode == RunMode.Dev),
                Bool("WEBSOCKET_GLOBAL_EVENTS", false),
                (int)(OptionalInt("EVOSTREAM_STREAM_BUFFER", 1, 1_000_000) ?? 1024)),
            WaBusiness(),
            // The one place that decides: dev mode defaults to the simulator, production to the real transports, and
            // EVOSTREAM_WHATSAPP (which `./evostream dev --whatsapp` sets) says otherwise.
            Enum(WhatsAppVariable, mode == RunMode.Dev, ("simulator", true), ("real", false)));

        if (settings.RecordFormat == RecordFormat.Protobuf && Get("SCHEMA_REGISTRY_URL") is null)
        {
            _errors.Add("EVOSTREAM_RECORD_FORMAT=protobuf needs SCHEMA_REGISTRY_URL (wire-format records carry registry schema ids); set SCHEMA_REGISTRY_URL or use EVOSTREAM_RECORD_FORMAT=json.");
        }

        return _errors.Count == 0 ? settings : throw new ConfigurationException([.. _errors]);
    }

    private string? Get(string name)
    {
        var value = lookup(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private string Text(string name, string fallback) => Get(name) ?? fallback;

    private bool Bool(string name, bool fallback)
    {
        var raw = Get(name);
        switch (raw?.ToUpperInvariant())
        {
            case null: return fallback;
            case "TRUE" or "1" or "YES": return true;
            case "FALSE" or "0" or "NO": return false;
            default:
                _errors.Add($"{name}='{raw}' is not a boolean; use true or false.");
                return fallback;
        }
    }

    private T Enum<T>(string name, T fallback, params (string Text, T Value)[] choices)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return fallback;
        }

        foreach (var (text, value) in choices)
        {
            if (string.Equals(text, raw, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        _errors.Add($"{name}='{raw}' is not one of: {string.Join(", ", choices.Select(c => c.Text))}.");
        return fallback;
    }

    private long? OptionalInt(string name, long min, long max)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return null;
        }

        if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            _errors.Add($"{name}='{raw}' must be a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    private TimeSpan Millis(string name, int fallback) =>
        TimeSpan.FromMilliseconds(OptionalInt(name, 1, 3_600_000) ?? fallback);

    private string Brokers(string name, string fallback)
    {
        var raw = Get(name) ?? fallback;
        var entries = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in entries)
        {
            // Accept the scheme-prefixed form some tools print (PLAINTEXT://host:9092).
            var hostPort = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            var colon = hostPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                _errors.Add($"{name}: '{entry}' is not host:port (expected a comma-separated list such as kafka1:9092,kafka2:9092).");
            }
        }

        if (entries.Length == 0)
        {
            _errors.Add($"{name} is empty; give at least one host:port.");
        }

        return string.Join(',', entries);
    }

    private string TopicPrefix(string name, string fallback)
    {
        var value = Get(name) ?? fallback;
        if (!TopicNames.IsLegal(value) || value.Length > 64)
        {
            _errors.Add($"{name}='{value}' must be 1 to 64 characters of a-z, A-Z, 0-9, '.', '_' or '-' (Kafka topic characters).");
        }

        return value;
    }

    private SaslSettings? Sasl()
    {
        var enabled = Bool("KAFKA_SASL_ENABLED", false);
        var mechanism = Enum("KAFKA_SASL_MECHANISM", KafkaSaslMechanism.Plain,
            ("plain", KafkaSaslMechanism.Plain), ("scram-sha-256", KafkaSaslMechanism.ScramSha256), ("scram-sha-512", KafkaSaslMechanism.ScramSha512));
        if (!enabled)
        {
            return null;
        }

        var user = Get("KAFKA_SASL_USERNAME");
        var password = lookup("KAFKA_SASL_PASSWORD");
        if (user is null)
        {
            _errors.Add("KAFKA_SASL_USERNAME is required when KAFKA_SASL_ENABLED=true.");
        }

        if (string.IsNullOrEmpty(password))
        {
            _errors.Add("KAFKA_SASL_PASSWORD is required when KAFKA_SASL_ENABLED=true.");
        }

        return new SaslSettings(mechanism, user ?? "", password ?? "");
    }

    private SslSettings? Ssl()
    {
        var enabled = Bool("KAFKA_SSL_ENABLED", false);
        var reject = Bool("KAFKA_SSL_REJECT_UNAUTHORIZED", true);
        var ca = Pem("KAFKA_SSL_CA");
        var cert = Pem("KAFKA_SSL_CERT");
        var key = Pem("KAFKA_SSL_KEY");
        if (!enabled)
        {
            foreach (var (name, pem) in new[] { ("KAFKA_SSL_CA", ca), ("KAFKA_SSL_CERT", cert), ("KAFKA_SSL_KEY", key) })
            {
                if (pem is not null)
                {
                    _errors.Add($"{name} is set but KAFKA_SSL_ENABLED is not true; enable SSL or remove it.");
                }
            }

            return null;
        }

        if ((cert is null) != (key is null))
        {
            _errors.Add(cert is null
                ? "KAFKA_SSL_KEY is set without KAFKA_SSL_CERT; a client certificate needs both."
                : "KAFKA_SSL_CERT is set without KAFKA_SSL_KEY; a client certificate needs both.");
        }

        return new SslSettings(reject, ca, cert, key);
    }

    private PemSource? Pem(string name)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return null;
        }

        if (raw.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            // .env files often carry PEM on one line with literal \n escapes.
            var text = (raw.Contains('\n', StringComparison.Ordinal) ? raw : raw.Replace("\\n", "\n", StringComparison.Ordinal)).Trim();
            if (!text.Contains("-----END", StringComparison.Ordinal))
            {
                _errors.Add($"{name} starts a PEM block but has no -----END line; paste the whole PEM or give a file path.");
            }

            return PemSource.FromText(text);
        }

        if (!File.Exists(raw))
        {
            _errors.Add($"{name}: no PEM text and no file at '{raw}'; give the PEM itself or the path of a readable PEM file.");
        }

        return PemSource.FromFile(raw);
    }

    private string? Database(bool required)
    {
        var raw = Get("DATABASE_CONNECTION_URI");
        if (raw is null)
        {
            if (required)
            {
                _errors.Add("DATABASE_CONNECTION_URI is required (for example postgresql://user:pass@localhost:5432/evostream).");
            }

            return null;
        }

        try
        {
            return DatabaseUri.ToConnectionString(raw);
        }
        catch (FormatException e)
        {
            _errors.Add($"DATABASE_CONNECTION_URI: {e.Message}");
            return null;
        }
    }

    private string? ApiKey(RunMode mode, bool required)
    {
        var key = Get("AUTHENTICATION_API_KEY");
        if (mode == RunMode.Dev || !required)
        {
            return key;
        }

        if (key is null)
        {
            _errors.Add("AUTHENTICATION_API_KEY is required outside dev mode (generate one with: openssl rand -hex 32).");
        }
        else if (s_publishedKeys.Contains(key))
        {
            _errors.Add("AUTHENTICATION_API_KEY is a published example key; generate your own with: openssl rand -hex 32.");
        }
        else if (key.Length < MinimumApiKeyLength || key.Distinct().Count() < 8)
        {
            _errors.Add($"AUTHENTICATION_API_KEY is too weak: use at least {MinimumApiKeyLength} random characters (openssl rand -hex 32).");
        }

        return key;
    }

    private SchemaRegistrySettings? SchemaRegistry()
    {
        var raw = Get("SCHEMA_REGISTRY_URL");
        // The user info holds a password: errors name the variable but never echo its value.
        var userInfo = Get("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO");
        var colon = userInfo?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (userInfo is not null && (colon <= 0 || colon == userInfo.Length - 1))
        {
            _errors.Add("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO must be user:password, both non-empty (the form Confluent tools use).");
        }

        if (raw is null)
        {
            if (userInfo is not null)
            {
                _errors.Add("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO is set but SCHEMA_REGISTRY_URL is not; set the registry URL or remove the credentials.");
            }

            return null;
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            _errors.Add($"SCHEMA_REGISTRY_URL='{raw}' is not an absolute http(s) URL.");
            return null;
        }

        if (url.UserInfo.Length > 0)
        {
            _errors.Add("SCHEMA_REGISTRY_URL carries credentials; move them to SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO (user:password) so they stay out of logs.");
            return null;
        }

        return new SchemaRegistrySettings(url, userInfo);
    }

    private WaBusinessSettings WaBusiness()
    {
        var url = AbsoluteUrl("WA_BUSINESS_URL", WaBusinessSettings.DefaultUrl);
        var version = Get("WA_BUSINESS_VERSION") ?? WaBusinessSettings.DefaultVersion;
        if (!System.Text.RegularExpressions.Regex.IsMatch(version, @"^v[0-9]{1,3}\.[0-9]{1,2}$"))
        {
            _errors.Add($"WA_BUSINESS_VERSION='{version}' is not a Graph API version; use the form v25.0.");
        }

        var language = Get("WA_BUSINESS_LANGUAGE") ?? WaBusinessSettings.DefaultLanguage;
        if (!System.Text.RegularExpressions.Regex.IsMatch(language, "^[a-z]{2,3}(_[A-Z]{2,3})?$"))
        {
            _errors.Add($"WA_BUSINESS_LANGUAGE='{language}' is not a template language code; use the form en_US, pt_BR or en.");
        }

        var secret = Get("EVOSTREAM_WA_BUSINESS_APP_SECRET");
        var allowUnsigned = Bool("EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED", false);
        if (secret is not null && allowUnsigned)
        {
            _errors.Add("EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED=true with EVOSTREAM_WA_BUSINESS_APP_SECRET set: with an app secret every webhook is checked; remove one of the two.");
        }

        // A base path (a fake under a prefix) must end in '/' for the version to be appended, not to replace its last segment.
        var root = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        return new WaBusinessSettings(root, version, language, Get("WA_BUSINESS_TOKEN_WEBHOOK") ?? "", secret, allowUnsigned);
    }

    private Uri AbsoluteUrl(string name, string fallback)
    {
        var raw = Get(name) ?? fallback;
        if (Uri.TryCreate(raw, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        _errors.Add($"{name}='{raw}' is not an absolute http(s) URL.");
        return new Uri(fallback);
    }
}
