using Evostream.Api;
using Evostream.Cli.Topics;
using Evostream.CommandProcessor;
using Evostream.Connector;
using Evostream.Connector.Drivers.Simulator.Http;
using Evostream.Delivery;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka.Topics;
using Evostream.Projections;
using Evostream.Projections.Lag;

namespace Evostream.Cli.Dev;

/// <summary>
/// The five services of <c>./evostream dev</c> on one web application over an embedded cluster. The dev stack and the
/// whole-stack tests both build it here, so a test host cannot drift from what a user runs (a forgotten registration
/// or an unprovisioned topic once broke four of them).
/// </summary>
public static class DevApplication
{
    public static WebApplicationBuilder AddDevServices(this WebApplicationBuilder builder, EmbeddedKafka kafka)
    {
        builder.AddEvostreamApi();
        builder.AddCommandProcessor();
        builder.AddConnector();
        builder.AddProjections();
        builder.AddDelivery();
        // The services, and /dev/topics/apply, reach this cluster's topics through its mock API.
        builder.Services.AddEmbeddedTopics(kafka);
        return builder;
    }

    /// <summary>
    /// Provisions the catalog's topics, then maps every route. Call before starting: no producer or consumer may make
    /// the cluster auto-create a topic with its own defaults (the co-partitioning check would then refuse it).
    /// </summary>
    public static async Task<WebApplication> PrepareAsync(this WebApplication app, CancellationToken ct)
    {
        var settings = app.Services.GetRequiredService<EvostreamSettings>();
        var topics = app.Services.GetRequiredService<ITopicBackend>();
        var report = await new TopicProvisioner(TopicCatalog.BuiltIn, topics, settings.Kafka).ApplyAsync(new ApplyOptions(), [], ct);
        TopicReportPrinter.PrintAttention(report, Console.Out);

        app.MapEvostreamApi();
        app.MapProjections();
        var apiKey = settings.ApiKey ?? throw new InvalidOperationException("the dev stack needs AUTHENTICATION_API_KEY");
        app.MapDevTopics(TopicCatalog.BuiltIn, topics, settings.Kafka, apiKey);
        if (settings.SimulatorAllowed)
        {
            app.MapSimulator(apiKey);
        }
        else
        {
            app.MapSimulatorOff("this stack runs the real WhatsApp transports (--whatsapp real or EVOSTREAM_WHATSAPP=real): there is no simulator to drive; restart ./evostream dev without them to use it.");
        }
        return app;
    }
}
