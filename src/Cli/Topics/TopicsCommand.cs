using System.CommandLine;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Cli.Topics;

internal static class TopicsCommand
{
    public static Command Create()
    {
        var grow = new Option<bool>("--grow-partitions")
        {
            Description = "Add partitions to topics that have fewer than the catalog says. This changes which partition each key maps to,"
                + " so per-instance order does not hold across the change: stop producers and drain consumers first.",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would change and change nothing." };
        var instances = new Option<string[]>("--instance")
        {
            Description = "Also apply the per-instance event topics of this instance; repeat for more. Needed when"
                + " KAFKA_AUTO_CREATE_TOPICS=false, since the connector then creates none.",
        };

        var apply = new Command("apply",
            """
            Create the catalog's missing topics (topics/catalog.yaml, built into this program) and report every difference
            (partitions, replication, cleanup.policy, retention) without changing it. Nothing is ever deleted, shrunk,
            moved or reconfigured; partitions are added only with --grow-partitions.

            The cluster is the one the services use: KAFKA_BROKERS with the other KAFKA_* variables (SASL, SSL,
            KAFKA_TOPIC_PREFIX, KAFKA_GLOBAL_ENABLED for the global event topics, KAFKA_NUM_PARTITIONS and
            KAFKA_REPLICATION_FACTOR as overrides).

            The embedded Kafka of ./evostream dev answers no admin request (it is librdkafka's mock cluster), so when
            KAFKA_BROKERS is the one recorded in .evostream/dev.env (source that file first), the running dev process
            applies the catalog instead, through the mock cluster's own API: this command posts to /dev/topics/apply on
            its API, which answers loopback requests carrying the stack's API key only. The embedded cluster cannot read
            topic configs or add partitions; the report says so.

            Exit codes: 0 the cluster matches the catalog; 1 errors; 2 bad configuration or instance name;
            3 no errors, but drift remains.
            """)
        {
            grow, dryRun, instances,
        };
        apply.SetAction(async (result, ct) =>
        {
            EvostreamSettings settings;
            try
            {
                settings = SettingsReader.FromEnvironment();
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return TopicsApply.BadInput;
            }

            var request = new TopicsApply.Request(result.GetValue(grow), result.GetValue(dryRun), result.GetValue(instances) ?? []);
            // This process hosts no embedded cluster: a dev stack's is reached through that stack, any other by the Admin API.
            using var loggers = CliLogging.ToStandardError();
            return await TopicsApply.RunAsync(
                request, settings, TopicBackends.Admin, Path.Combine(".evostream", "dev.env"), Console.Out, Console.Error, loggers, ct);
        });

        return new Command("topics", "Kafka topics, as defined in topics/catalog.yaml.") { apply };
    }
}
