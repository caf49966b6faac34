using System.Text.Json.Nodes;
using Evostream.Delivery;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Evostream.Tests.Delivery;

/// <summary>
/// The delivery stage in a host of its own against the shared embedded Kafka and PostgreSQL, fed through a
/// <see cref="DeliveryFeed"/>.
/// </summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    public const string Secret = DeliveryFeed.Secret;
    public const string WebhookSecret = "whsec_dGhpcyBpcyB0aGUgd2ViaG9vaydzIG93biBzZWNyZXQ=";

    private DeliveryHarness(IHost host, DeliveryFeed feed)
    {
        Host = host;
        Feed = feed;
    }

    public IHost Host { get; }

    public DeliveryFeed Feed { get; }

    public string Prefix => Feed.Prefix;

    public string Schema => Feed.Schema;

    public byte[] PublicKey => Feed.PublicKey;

    public StageTopics Topics => Feed.Topics;

    public static async Task<DeliveryHarness> StartAsync(EmbeddedStack stack, IDictionary<string, string?>? overrides = null)
    {
        var feed = new DeliveryFeed(stack, "hook");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            feed.Settings[key] = value;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(feed.Settings);
        // The embedded cluster answers no admin request: its topics are made through the mock API.
        builder.Services.AddEmbeddedTopics(stack.Kafka);
        builder.AddDelivery();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DeliveryHarness(host, feed);
    }

    public Task ConfigureAsync(string instance, JsonObject webhook) => Feed.ConfigureAsync(instance, webhook);

    public Task<string> MessageAsync(string instance, string tag) => Feed.MessageAsync(instance, tag);

    public Task<string> WriteAsync(string instance, JsonObject body) => Feed.WriteAsync(instance, body);

    public static JsonObject Golden(string eventName, string instance) => DeliveryFeed.Golden(eventName, instance);

    public async ValueTask DisposeAsync()
    {
        Feed.Dispose();
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
