using System.Globalization;
using System.Net;
using Evostream.Api;
using Evostream.CommandProcessor;
using Evostream.Connector;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Projections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>Which services one <see cref="PipelineHost"/> runs, as <c>./evostream dev</c> would host them.</summary>
[Flags]
public enum Stages
{
    Api = 1,
    Processor = 2,
    Connector = 4,
    Projections = 8,
    All = Api | Processor | Connector | Projections,
}

/// <summary>
/// Evostream's real services, registered as their own Program.cs does, in one WebApplication on a real Kestrel port
/// against the bench cluster: a fresh topic prefix and a fresh read-model schema per host.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    public const string ApiKey = "bench-api-key-0123456789abcdef";
    public const int Partitions = 12;

    private PipelineHost(WebApplication app, string prefix, string schema, int port)
    {
        App = app;
        Topics = new StageTopics(prefix);
        Schema = schema;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public WebApplication App { get; }

    public StageTopics Topics { get; }

    public string Schema { get; }

    public Uri BaseAddress { get; }

    /// <summary>The global topic of <c>send.message</c> events: one record per message the connector sent.</summary>
    public string Sends => EvolutionTopics.Global(Topics.Prefix, "send.message");

    public static async Task<PipelineHost> StartAsync(BenchCluster cluster, Stages stages, CancellationToken ct)
    {
        var prefix = cluster.NewName("pl");
        var schema = cluster.NewName("pl_");
        var port = FreePort();
        var topics = new StageTopics(prefix);
        // Created up front with the bench's partition count, so every stage (and the api baseline) sees the same layout.
        foreach (var topic in new[] { topics.Commands, topics.RepartitionedCommands, topics.AcceptedCommands, topics.CommandLedger, topics.Sessions, topics.InstanceState, topics.DeadLetter })
        {
            cluster.Kafka.CreateTopic(topic, Partitions, 3);
        }

        // The global topic the benchmarks count on exists before the first send, so its offsets can be read.
        cluster.Kafka.CreateTopic(EvolutionTopics.Global(prefix, "send.message"), Partitions, 3);

        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EVOSTREAM_MODE"] = "dev",
            ["KAFKA_BROKERS"] = cluster.Kafka.BootstrapServers,
            ["KAFKA_TOPIC_PREFIX"] = prefix,
            ["KAFKA_GLOBAL_ENABLED"] = "true",
            // Thirty topics per instance would make the 10,000-instance runs measure the cluster's topic creation,
            // as they would on a real cluster; a deployment of that size keeps to the global topics.
            ["EVOSTREAM_INSTANCE_TOPICS"] = "false",
            // Every topic but the per-instance ones (one partition, keyed by instance alone) gets the bench's count.
            ["KAFKA_NUM_PARTITIONS"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["DATABASE_CONNECTION_URI"] = cluster.Postgres.Uri,
            ["EVOSTREAM_PROJECTIONS_SCHEMA"] = schema,
            ["AUTHENTICATION_API_KEY"] = ApiKey,
            ["SERVER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["SERVER_URL"] = $"http://127.0.0.1:{port}",
        });
        if (stages.HasFlag(Stages.Connector))
        {
            // Registered before the connector so its defaults do not win: no new-number warm-up and no per-recipient
            // pacing, since the benchmark measures Evostream, not WhatsApp's limits.
            builder.Services.AddWhatsAppSimulator(new SimulatorOptions(Seed: 7, WarmUpPeriod: TimeSpan.Zero, RecipientBurst: int.MaxValue));
        }

        if (stages.HasFlag(Stages.Api))
        {
            builder.AddEvostreamApi();
        }
        else
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        if (stages.HasFlag(Stages.Processor))
        {
            builder.AddCommandProcessor();
        }

        if (stages.HasFlag(Stages.Connector))
        {
            builder.AddConnector();
        }

        if (stages.HasFlag(Stages.Projections))
        {
            builder.AddProjections();
        }

        builder.Services.AddSingleton<IHostLifetime, BenchHostLifetime>();
        builder.Services.AddEmbeddedTopics(cluster.Kafka);
        var app = builder.Build();
        if (stages.HasFlag(Stages.Api))
        {
            app.MapEvostreamApi();
        }

        await app.StartAsync(ct);
        return new PipelineHost(app, prefix, schema, port);
    }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
