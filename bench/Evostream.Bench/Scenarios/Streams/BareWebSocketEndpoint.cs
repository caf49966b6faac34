using System.Net.WebSockets;
using Evostream.Bench.Scenarios.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evostream.Bench.Scenarios.Streams;

/// <summary>The idle subscribers' raw baseline: Kestrel accepting WebSockets and waiting for each to close, nothing else.</summary>
public sealed class BareWebSocketEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareWebSocketEndpoint(WebApplication app, int port)
    {
        _app = app;
        Address = new Uri($"ws://127.0.0.1:{port}/ws");
    }

    public Uri Address { get; }

    public static async Task<BareWebSocketEndpoint> StartAsync(CancellationToken ct)
    {
        var port = PipelineHost.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        // The same keep-alive as the Api's streams.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/ws", async (HttpContext http) =>
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[16];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var read = await socket.ReceiveAsync(buffer, http.RequestAborted);
                    if (read.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // the client went away
            }
        });
        await app.StartAsync(ct);
        return new BareWebSocketEndpoint(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
