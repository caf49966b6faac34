using System.Globalization;
using Evostream.Cli.Dev;
using Evostream.Platform.Embedded;
using Microsoft.Extensions.Logging;

namespace Evostream.Tests.Infrastructure;

/// <summary>
/// The dev stack's five services (<see cref="DevApplication"/>) on a real port, over the shared embedded cluster with
/// a topic prefix and a read-model schema of their own: what a user runs with <c>./evostream dev</c>, for tests that
/// drive the whole pipeline through its public surfaces.
/// </summary>
public sealed class WholeStackHost : IAsyncDisposable
{
    private WholeStackHost(WebApplication app, string prefix, int port, string apiKey)
    {
        App = app;
        Prefix = prefix;
        Port = port;
        ApiKey = apiKey;
        Http = Client();
    }

    public WebApplication App { get; }

    public string Prefix { get; }

    public int Port { get; }

    public string ApiKey { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Carries <see cref="ApiKey"/> in the <c>apikey</c> header.</summary>
    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="settings">Added to, or overriding, the defaults below; a null value removes a default.</param>
    public static async Task<WholeStackHost> StartAsync(EmbeddedStack stack, string hint, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var port = PrivatePostgres.FreePort();
        var prefix = EmbeddedStack.NewPrefix(hint);
        var schema = await stack.NewSchemaAsync(ct);
        var apiKey = $"{hint}-key-0123456789abcdefghij";
        var configuration = new Dictionary<string, string?>
        {
            ["EVOSTREAM_MODE"] = "dev",
            ["KAFKA_BROKERS"] = stack.Kafka.BootstrapServers,
            ["KAFKA_TOPIC_PREFIX"] = prefix,
            ["DATABASE_CONNECTION_URI"] = stack.Postgres.Uri,
            ["EVOSTREAM_PROJECTIONS_SCHEMA"] = new Npgsql.NpgsqlConnectionStringBuilder(schema).SearchPath,
            ["AUTHENTICATION_API_KEY"] = apiKey,
            // Answer creates and sends synchronously however slow a loaded machine makes the first group joins.
            ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "60000",
            ["SERVER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["SERVER_URL"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[name] = value;
        }

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(configuration);
        if (TestContext.Current.TestOutputHelper is { } output)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output, LogLevel.Information));
        }

        var app = builder.AddDevServices(stack.Kafka).Build();
        await app.PrepareAsync(ct);
        await app.StartAsync(ct);
        return new WholeStackHost(app, prefix, port, configuration["AUTHENTICATION_API_KEY"]!);
    }

    /// <summary>A client of this host, carrying <see cref="ApiKey"/> unless <paramref name="apiKey"/> says otherwise (empty: none).</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(3) };
        if ((apiKey ?? ApiKey) is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Add("apikey", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
