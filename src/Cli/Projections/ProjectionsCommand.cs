using System.CommandLine;
using Evostream.Cli.Dev;
using Evostream.Contracts.V1;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Projections;
using Evostream.Projections.Migrations;
using Evostream.Projections.Reading;
using Evostream.Projections.Rebuild;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evostream.Cli.Projections;

internal static class ProjectionsCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild",
            """
            Rebuild the read models from offset zero of every event topic into a shadow schema (<schema>_rebuild) while
            the current tables keep serving, then swap the two schemas in one transaction. A running Projections service
            notices the swap and continues from the rebuilt offsets. Shows a progress bar with events/s and ETA on a
            terminal, plain lines otherwise.

            Uses the services' configuration: KAFKA_* and DATABASE_CONNECTION_URI, EVOSTREAM_PROJECTIONS_SCHEMA. Variables
            not set are taken from .evostream/dev.env when it exists, so it works against ./evostream dev as is.
            Exit codes: 0 rebuilt and swapped; 1 failed (nothing swapped); 2 bad configuration.
            """);
        rebuild.SetAction(async (_, ct) =>
        {
            DevEnvFile.FillEnvironment(Path.Combine(".evostream", "dev.env"));
            EvostreamSettings settings;
            ProjectionsSettings projections;
            try
            {
                settings = SettingsReader.FromEnvironment(Requirements.Database);
                projections = new ProjectionsSettingsReader(Environment.GetEnvironmentVariable).Read();
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }

            var topics = new InputTopics(settings.Kafka);
            using var loggers = CliLogging.ToStandardError();
            var rebuilder = new Rebuilder(new KafkaClientConfigs(settings.Kafka, loggers), projections, topics,
                new RecordBatch(new EventRecordReader(new ProtobufWireDeserializer<EventEnvelope>()), topics),
                new Migrator(NullLogger<Migrator>.Instance), settings.DatabaseConnectionString!);
            var printer = new ProgressPrinter(Console.Out, !Console.IsOutputRedirected);
            try
            {
                var result = await rebuilder.RunAsync(printer, ct);
                printer.Finish();
                Console.WriteLine($"rebuilt {result.Events:N0} events from {result.Partitions} partitions in {result.Elapsed.TotalSeconds:F1} s "
                    + $"({result.EventsPerSecond:N0} events/s); schema {projections.Schema} swapped in");
                return 0;
            }
            catch (Exception e) when (e is NpgsqlException or Confluent.Kafka.KafkaException)
            {
                printer.Finish();
                await Console.Error.WriteLineAsync($"projections rebuild failed, nothing was swapped: {e.Message}");
                return 1;
            }
        });
        return new Command("projections", "The PostgreSQL read models.") { rebuild };
    }
}
