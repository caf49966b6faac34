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

    private ApiHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<ApiHost> StartAsync(EmbeddedStack stack, IDictionary<string, string?>? overrides = null)
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

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEvostreamApi();
        builder.Services.AddEmbeddedTopics(stack.Kafka);
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.MapEvostreamApi();
        await app.StartAsync();
        return new ApiHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
