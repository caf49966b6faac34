using System.CommandLine;
using Evostream.Api.Configuration;
using Evostream.Cli.Dev;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Platform.Kafka;

namespace Evostream.Cli.Instances;

/// <summary><c>evostream instances import NAME --baileys-auth DIR</c>.</summary>
internal static class InstancesCommand
{
    public const int Imported = 0;
    public const int NotImported = 1;
    public const int BadConfiguration = 2;

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The new instance's name." };
        var folder = new Option<DirectoryInfo>("--baileys-auth")
        {
            Description = "A linked Baileys auth folder, as useMultiFileAuthState writes it: creds.json plus one file per key.",
            Required = true,
        };
        var import = new Command("import",
            """
            Create a WHATSAPP-BAILEYS instance from a session already linked elsewhere, so it comes up open without a QR
            code. The auth state is sealed under EVOSTREAM_CREDENTIALS_KEYS and goes to the connector inside the create
            command; the instance is created with it whole, or refused whole (name taken, a folder never linked, the
            stack answering WHATSAPP-BAILEYS with the simulator).

            Uses the services' configuration: KAFKA_*, DATABASE_CONNECTION_URI, EVOSTREAM_PROJECTIONS_SCHEMA and
            EVOSTREAM_CREDENTIALS_KEYS (the connector's). Variables not set are taken from .evostream/dev.env when it
            exists, so it works against ./evostream dev --whatsapp real as is.
            Exit codes: 0 imported; 1 not imported (the reason is printed); 2 bad configuration.
            """)
        {
            name, folder,
        };
        import.SetAction(async (result, ct) =>
        {
            DevEnvFile.FillEnvironment(Path.Combine(".evostream", "dev.env"));
            EvostreamSettings settings;
            ApiSettings api;
            CredentialKeys? keys;
            try
            {
                settings = SettingsReader.FromEnvironment(Requirements.Database);
                api = new ApiSettingsReader(Environment.GetEnvironmentVariable).Read(settings.Mode);
                List<string> errors = [];
                // Always required here: dev mode's stand-in key lives only as long as one process, never this one's.
                keys = CredentialKeysVariable.Read(Environment.GetEnvironmentVariable, RunMode.Production, required: true, errors);
                if (errors.Count > 0)
                {
                    throw new ConfigurationException(errors);
                }
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return BadConfiguration;
            }

            using var loggers = CliLogging.ToStandardError();
            var outcome = await new BaileysImport(settings, api, new KafkaClientConfigs(settings.Kafka, loggers), keys!, TimeProvider.System)
                .RunAsync(result.GetValue(name)!, result.GetValue(folder)!.FullName, ct);
            if (!outcome.Ok)
            {
                await Console.Error.WriteLineAsync("evostream instances import: " + outcome.Message);
                return NotImported;
            }

            Console.WriteLine(outcome.Message);
            Console.WriteLine($"connection: {outcome.Connection}");
            Console.WriteLine($"instance token (its apikey; shown this once): {outcome.Token}");
            return Imported;
        });
        return new Command("instances", "WhatsApp instances.") { import };
    }
}
