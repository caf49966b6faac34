using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Evostream.Tests.Delivery;

/// <summary>One request as the receiver saw it.</summary>
internal sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At, int Answered)
{
    public string Id => Headers.GetValueOrDefault("webhook-id", "");
}

/// <summary>
/// A Kestrel receiver on 127.0.0.1: paths under <c>/down</c> answer 503 while <see cref="Down"/> is set, paths under
/// <c>/flaky</c> answer 500 to the first <see cref="FailFirst"/> tries of each webhook-id, everything else 200.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _tries = new();

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public int FailFirst { get; set; } = 2;

    public bool Down { get; set; } = true;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var copy = new MemoryStream();
            await http.Request.Body.CopyToAsync(copy);
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var path = http.Request.Path.Value ?? "";
            var id = headers.GetValueOrDefault("webhook-id", "");
            var tries = receiver!._tries.AddOrUpdate(path + "#" + id, 1, (_, n) => n + 1);
            var status = path.StartsWith("/down", StringComparison.Ordinal) && receiver.Down ? 503
                : path.StartsWith("/flaky", StringComparison.Ordinal) && tries <= receiver.FailFirst ? 500
                : 200;
            receiver.Received.Enqueue(new ReceivedWebhook(path, headers, copy.ToArray(), DateTimeOffset.UtcNow, status));
            return Results.StatusCode(status);
        });
        receiver = new WebhookReceiver(app, port);
        await app.StartAsync();
        return receiver;
    }

    public IReadOnlyList<ReceivedWebhook> Under(string prefix) => [.. Received.Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
