using System.Security.Cryptography;
using Evostream.Api;
using Evostream.Cli.Topics;
using Evostream.CommandProcessor;
using Evostream.Connector;
using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Connector.Drivers.Simulator.Http;
using Evostream.Delivery;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka.Topics;
using Evostream.Projections;
using Evostream.Projections.Lag;
using Npgsql;

namespace Evostream.Cli.Dev;

/// <summary>
/// The embedded default: one process hosts the embedded Kafka, starts a private PostgreSQL and runs the four
/// services on them. Ctrl-C stops the services, then PostgreSQL, then Kafka.
/// </summary>
internal static class DevStack
{
    private const int PreferredPostgresPort = 54329;

    public static async Task<int> RunAsync(DevOptions options, CancellationToken ct)
    {
        try
        {
            return await RunStackAsync(options, ct);
        }
        catch (InvalidOperationException e)
        {
            // Infrastructure that cannot start (no PostgreSQL binaries, librdkafka missing...) explains itself.
            await Console.Error.WriteLineAsync("evostream dev: " + e.Message);
            return 1;
        }
    }

    private static async Task<int> RunStackAsync(DevOptions options, CancellationToken ct)
    {
        // Checked before minutes of start-up, so a second stack or another server on the port is named at once,
        // not found later in a Kestrel stack trace.
        if (options.Port != 0 && !PortIsFree(options.Port))
        {
            await Console.Error.WriteLineAsync($"evostream dev: port {options.Port} is in use; pass --port <free port>, or --port 0 for any free one.");
            return 1;
        }

        var state = Directory.CreateDirectory(options.State.FullName);
        var envFile = Path.Combine(state.FullName, "dev.env");
        var apiKey = DevEnvFile.ReadValue(envFile, "AUTHENTICATION_API_KEY") ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // Kept across runs like the API key, so credentials sealed by one run open in the next.
        var credentialKeys = DevEnvFile.ReadValue(envFile, ConnectorSettingsReader.KeysVariable) ?? CredentialKeys.NewKeyText("dev1");

        using var kafka = EmbeddedKafka.Start(options.Brokers);
        Console.WriteLine($"embedded Kafka: {options.Brokers} brokers at {kafka.BootstrapServers}");

        var pgPort = PortIsFree(PreferredPostgresPort) ? PreferredPostgresPort : PrivatePostgres.FreePort();
        await using var postgres = await PrivatePostgres.StartAsync(Path.Combine(state.FullName, "postgres"), pgPort, ct: ct);
        Console.WriteLine($"private PostgreSQL: {postgres.Uri} (data in {postgres.DataDirectory})");
        await ResetReadModelsAsync(postgres.ConnectionString, ct);

        // Chosen as late as possible, so nothing else takes it between the choice and the bind.
        var port = options.Port == 0 ? PrivatePostgres.FreePort() : options.Port;
        var env = new Dictionary<string, string>
        {
            ["EVOSTREAM_MODE"] = "dev",
            ["KAFKA_BROKERS"] = kafka.BootstrapServers,
            ["DATABASE_CONNECTION_URI"] = postgres.Uri,
            ["AUTHENTICATION_API_KEY"] = apiKey,
            [ConnectorSettingsReader.KeysVariable] = credentialKeys,
            ["SERVER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SERVER_URL"] = Environment.GetEnvironmentVariable("SERVER_URL") ?? $"http://localhost:{port}",
        };
        if (options.WhatsApp is { } network)
        {
            // The flag wins over the variable; the settings reader is still the one that decides from it.
            env[SettingsReader.WhatsAppVariable] = network;
        }

        foreach (var (name, value) in env)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        DevEnvFile.Write(envFile, env);
        Console.WriteLine($"wrote {envFile} (source it to point kcat, kafkajs or psql at this stack)");

        return await ServiceMain.RunAsync(async () =>
        {
            // Development, not the default Production: the banner says what this is, and ASP.NET's developer error page helps.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
            // Disposed before the cluster and PostgreSQL stop, so its Kafka clients close while their brokers still answer.
            await using var app = builder.AddDevServices(kafka).Build();
            await app.PrepareAsync(ct);
            await app.StartAsync(ct);
            Console.WriteLine($"API: http://localhost:{port}  (apikey: {apiKey})");
            Console.WriteLine(WhatsAppBanner(app.Services.GetRequiredService<EvostreamSettings>(), port));
            Console.WriteLine("Ctrl-C stops everything.");
            await app.WaitForShutdownAsync(ct);
        });
    }

    /// <summary>Which network WHATSAPP-BAILEYS instances run on, so nobody mistakes the simulator for WhatsApp.</summary>
    internal static string WhatsAppBanner(EvostreamSettings settings, int port) => settings.SimulatorAllowed
        ? "WhatsApp: the SIMULATOR answers WHATSAPP-BAILEYS instances (offline, no phone; `./evostream simulator` drives it). "
            + "For real WhatsApp: ./evostream dev --whatsapp real"
        : $"WhatsApp: REAL. WHATSAPP-BAILEYS instances run on Baileys (Node.js sidecar); link a phone at http://localhost:{port}/instance/qr/<instance>?apikey=<apikey>, "
            + "or bring a linked session: ./evostream instances import <name> --baileys-auth <folder>";

    /// <summary>
    /// The embedded Kafka starts empty every time, so read models built from an earlier cluster's log would
    /// describe events that no longer exist; start them afresh to keep the stack coherent.
    /// </summary>
    private static async Task ResetReadModelsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // The webhook delivery records describe events of the log too, which starts empty.
        await using var drop = new NpgsqlCommand("DROP SCHEMA IF EXISTS evostream CASCADE; DROP SCHEMA IF EXISTS evostream_webhooks CASCADE", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
