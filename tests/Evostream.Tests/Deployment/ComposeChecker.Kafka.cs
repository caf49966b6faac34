using System.Globalization;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;

namespace Evostream.Tests.Deployment;

internal sealed partial class ComposeChecker
{
    private sealed record Endpoint(string Name, string Host, int Port);

    private sealed record Listener(string Name, int Port, string Protocol, Endpoint? Advertised);

    private void CheckKafkaClient(ComposeService client, KafkaSettings kafka, string caValue)
    {
        // The client configuration librdkafka would receive, so the protocol is the one the code derives.
        var properties = new KafkaClientConfigs(kafka).Admin("deployment-check").ToDictionary(kv => kv.Key, kv => kv.Value);
        var protocol = properties["security.protocol"].ToUpperInvariant();
        var mechanism = properties.GetValueOrDefault("sasl.mechanism");
        var brokers = CheckBootstrap(client, kafka.Brokers, protocol, mechanism);

        var brokerCount = compose.Services.Values.Count(s => Listeners(s).Count > 0
            && (Resolved(s, "KAFKA_PROCESS_ROLES") ?? "broker").Contains("broker", StringComparison.Ordinal));
        if (kafka.ReplicationFactor is { } factor && factor > brokerCount)
        {
            Problem(client, $"KAFKA_REPLICATION_FACTOR is {factor}, but the file runs {brokerCount} broker(s)");
        }

        if (kafka.Sasl is { } sasl && mechanism is not null)
        {
            CheckSaslUser(client, sasl, mechanism);
        }

        if (kafka.Ssl is { } ssl)
        {
            foreach (var broker in brokers)
            {
                CheckTls(client, broker, ssl, caValue, sasl: kafka.Sasl is not null);
            }
        }
    }

    /// <summary>Every bootstrap entry must name a broker service, one of its listeners, and that listener's protocol.</summary>
    private List<ComposeService> CheckBootstrap(ComposeService client, string bootstrap, string protocol, string? mechanism)
    {
        var brokers = new List<ComposeService>();
        foreach (var entry in bootstrap.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var address = Parse(entry.Contains("://", StringComparison.Ordinal) ? entry : "://" + entry);
            if (!compose.Services.TryGetValue(address.Host, out var broker))
            {
                Problem(client, $"Kafka bootstrap {entry} names no compose service");
                continue;
            }

            var listeners = Listeners(broker);
            var listener = listeners.FirstOrDefault(l => l.Port == address.Port);
            if (listener is null)
            {
                Problem(client, $"Kafka bootstrap {entry}: {broker.Name} listens on {(listeners.Count == 0 ? "no Kafka port" : string.Join(", ", listeners.Select(l => l.Port)))}, not {address.Port}");
                continue;
            }

            if (listener.Protocol != protocol)
            {
                Problem(client, $"speaks {protocol} to {entry}, but that is {broker.Name}'s {listener.Name} listener, which expects {listener.Protocol}");
            }

            // After bootstrapping, clients connect wherever the broker's metadata tells them.
            if (listener.Advertised is not { } advertised || !compose.Services.ContainsKey(advertised.Host) || advertised.Port != listener.Port)
            {
                Problem(client, $"{broker.Name} advertises its {listener.Name} listener as {(listener.Advertised is { } a ? $"{a.Host}:{a.Port}" : "nothing")}, which other containers cannot reach");
            }

            var enabled = (Resolved(broker, "KAFKA_SASL_ENABLED_MECHANISMS") ?? "GSSAPI").Split(',', StringSplitOptions.TrimEntries);
            if (mechanism is not null && !enabled.Contains(mechanism, StringComparer.Ordinal))
            {
                Problem(client, $"authenticates with {mechanism}, which {broker.Name} does not enable (KAFKA_SASL_ENABLED_MECHANISMS={string.Join(',', enabled)})");
            }

            RequireDependency(client, broker.Name, "service_healthy");
            brokers.Add(broker);
        }

        return brokers;
    }

    /// <summary>SCRAM users live in the cluster metadata; a one-shot service (SCRAM_USER/_PASSWORD/_MECHANISM) adds them.</summary>
    private void CheckSaslUser(ComposeService client, SaslSettings sasl, string mechanism)
    {
        var provisioner = compose.Services.Values.FirstOrDefault(s => Resolved(s, "SCRAM_USER") == sasl.Username);
        if (provisioner is null)
        {
            Problem(client, $"no service creates the SASL user {sasl.Username} (a service with SCRAM_USER={sasl.Username})");
            return;
        }

        if (Resolved(provisioner, "SCRAM_PASSWORD") != sasl.Password)
        {
            Problem(client, $"KAFKA_SASL_PASSWORD is not the SCRAM_PASSWORD {provisioner.Name} gives {sasl.Username}");
        }

        if (!string.Equals(Resolved(provisioner, "SCRAM_MECHANISM"), mechanism, StringComparison.OrdinalIgnoreCase))
        {
            Problem(client, $"authenticates with {mechanism}, but {provisioner.Name} creates {sasl.Username} for {Resolved(provisioner, "SCRAM_MECHANISM")}");
        }

        RequireDependency(client, provisioner.Name, "service_completed_successfully");
    }

    /// <summary>
    /// The TLS chain: the service running eng/kafka-secrets.sh makes the broker's keystore and the CA certificate,
    /// the broker mounts the first, the client mounts the second, and the certificate names the host the client dials.
    /// </summary>
    private void CheckTls(ComposeService client, ComposeService broker, SslSettings ssl, string caValue, bool sasl)
    {
        var generator = compose.Services.Values.FirstOrDefault(s => string.Join(' ', s.Command).Contains(Path.GetFileName(KafkaSecretsScript.RelativePath), StringComparison.Ordinal));
        if (generator is null)
        {
            Problem(client, $"uses TLS, but no service runs {KafkaSecretsScript.RelativePath} to make the broker's certificate");
            return;
        }

        var args = ScriptArguments(generator);
        if (args.Count < 4)
        {
            Problem(generator, $"runs {KafkaSecretsScript.RelativePath} without BROKER_DIR CLIENT_DIR HOST...");
            return;
        }

        var (script, brokerDir, clientDir, hosts) = (args[0], args[1], args[2], args.Skip(3).ToList());
        if (!generator.Volumes.Any(v => v.Target == script && v.Source.TrimStart('.', '/') == KafkaSecretsScript.RelativePath))
        {
            Problem(generator, $"runs {script}, but does not mount ./{KafkaSecretsScript.RelativePath} there");
        }

        if (ssl.RejectUnauthorized && !hosts.Contains(broker.Name, StringComparer.Ordinal))
        {
            Problem(client, $"dials {broker.Name} over TLS, but the broker certificate names only {string.Join(", ", hosts)}");
        }

        if (caValue.Length == 0)
        {
            Problem(client, $"KAFKA_SSL_CA is not set, and the broker's certificate is signed by the private CA {generator.Name} makes");
        }
        else if (!caValue.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var mount = MountHolding(client, caValue);
            var madeThere = mount is not null && generator.Volumes.Any(v => v.Source == mount.Source && v.Target == clientDir);
            if (!madeThere || caValue != $"{mount!.Target.TrimEnd('/')}/{KafkaSecretsScript.CaCertificate}")
            {
                Problem(client, $"KAFKA_SSL_CA={caValue} is not the {KafkaSecretsScript.CaCertificate} {generator.Name} writes to {clientDir}");
            }
        }

        if (!DependsOnTransitively(client, generator.Name))
        {
            Problem(client, $"may start before {generator.Name} has made the TLS material");
        }

        var secrets = broker.Volumes.FirstOrDefault(v => v.Target == KafkaSecretsScript.BrokerSecretsDir);
        if (secrets is null || !generator.Volumes.Any(v => v.Source == secrets.Source && v.Target == brokerDir))
        {
            Problem(broker, $"does not mount at {KafkaSecretsScript.BrokerSecretsDir} the volume {generator.Name} writes the keystore to ({brokerDir})");
        }

        var expected = new Dictionary<string, string>
        {
            ["KAFKA_SSL_KEYSTORE_FILENAME"] = KafkaSecretsScript.Keystore,
            ["KAFKA_SSL_KEYSTORE_CREDENTIALS"] = KafkaSecretsScript.KeystorePassword,
            ["KAFKA_SSL_KEY_CREDENTIALS"] = KafkaSecretsScript.KeystorePassword,
        };
        foreach (var (name, file) in expected.Where(e => Resolved(broker, e.Key) != e.Value))
        {
            Problem(broker, $"{name} must be {file}, the file {KafkaSecretsScript.RelativePath} writes");
        }

        var jaas = $"-Djava.security.auth.login.config={KafkaSecretsScript.BrokerSecretsDir}/{KafkaSecretsScript.Jaas}";
        if (sasl && !(Resolved(broker, "KAFKA_OPTS") ?? "").Contains(jaas, StringComparison.Ordinal))
        {
            Problem(broker, $"KAFKA_OPTS must contain {jaas}: SASL listeners need the JAAS file {KafkaSecretsScript.RelativePath} writes");
        }
    }

    /// <summary>The script path and arguments in a command such as <c>sh -c "...; exec sh /kafka-secrets.sh /broker /client kafka"</c>.</summary>
    private static List<string> ScriptArguments(ComposeService generator)
    {
        var words = string.Join(' ', generator.Command).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var start = Array.FindIndex(words, w => w.EndsWith(Path.GetFileName(KafkaSecretsScript.RelativePath), StringComparison.Ordinal));
        return start < 0 ? [] : [.. words.Skip(start).TakeWhile(w => w is not (";" or "&&" or "||" or "|"))];
    }

    /// <summary>A broker's listeners with their protocols (KAFKA_LISTENER_SECURITY_PROTOCOL_MAP) and advertised addresses.</summary>
    private static List<Listener> Listeners(ComposeService broker)
    {
        var advertised = Endpoints(Resolved(broker, "KAFKA_ADVERTISED_LISTENERS"));
        var bound = Resolved(broker, "KAFKA_LISTENERS") is { } listeners ? Endpoints(listeners) : advertised;
        var protocols = (Resolved(broker, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP") ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(':', 2))
            .ToDictionary(pair => pair[0], pair => pair[^1], StringComparer.Ordinal);
        // Without a map, Kafka's default one names each protocol after itself.
        return [.. bound.Select(e => new Listener(e.Name, e.Port, protocols.GetValueOrDefault(e.Name, e.Name), advertised.FirstOrDefault(a => a.Name == e.Name)))];
    }

    private static List<Endpoint> Endpoints(string? value) =>
        [.. (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse)];

    /// <summary>NAME://host:port, where host may be empty (all interfaces).</summary>
    private static Endpoint Parse(string entry)
    {
        var scheme = entry.IndexOf("://", StringComparison.Ordinal);
        var hostPort = entry[(scheme + 3)..];
        var colon = hostPort.LastIndexOf(':');
        return new Endpoint(entry[..scheme], hostPort[..colon], int.Parse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture));
    }

    /// <summary>Other Kafka clients in the file (the Schema Registry) must reach a listener of the protocol they speak.</summary>
    private void CheckSchemaRegistries()
    {
        foreach (var service in compose.Services.Values)
        {
            if (Resolved(service, "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS") is { } bootstrap)
            {
                var protocol = Resolved(service, "SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL") ?? "PLAINTEXT";
                CheckBootstrap(service, bootstrap, protocol, mechanism: null);
            }
        }
    }
}
