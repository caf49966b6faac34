using Evostream.Api;
using Evostream.Platform.Embedded;
using Evostream.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Evostream.Tests.Api;

/// <summary>The Api on an in-memory test server, configured like a deployment through configuration values.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, int? port)
    {
        _app = app;
        Address = port is { } p ? new Uri($"http://127.0.0.1:{p}") : null;
        Client = Address is null ? app.GetTestClient() : new HttpClient { BaseAddress = Address };
    }

    public IServiceProvider Services => _app.Services;

    public HttpClient Client { get; }

    /// <param name="port">Serve on this real 127.0.0.1 port (for clients outside the process) instead of in memory.</param>
    public static async Task<ApiHost> StartAsync(EmbeddedStack stack, IDictionary<string, string?>? overrides = null, int? port = null)
    {
        var builder = WebApplication.CreateBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["EVOSTREAM_MODE"] = "dev",
            ["KAFKA_BROKERS"] = stack.Kafka.BootstrapServers,
            ["DATABASE_CONNECTION_URI"] = stack.Postgres.Uri,
            ["AUTHENTICATION_API_KEY"] = "test-key-0123456789abcdef",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (port is { } p)
        {
            settings["SERVER_PORT"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEvostreamApi();
        builder.Services.AddEmbeddedTopics(stack.Kafka);
        if (port is null)
        {
            builder.WebHost.UseTestServer();
        }

        var app = builder.Build();
        app.MapEvostreamApi();
        await app.StartAsync();
        return new ApiHost(app, port);
    }

    /// <summary>The base address of a host on a real port.</summary>
    public Uri? Address { get; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
