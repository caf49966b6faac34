using Evostream.Api.Streaming.Feed;
using Evostream.Api.Streaming.SocketIo;
using Evostream.Api.Streaming.Sse;
using Evostream.Api.Streaming.WebSockets;

namespace Evostream.Api.Streaming;

/// <summary>The live event streams: Socket.IO, plain WebSocket and SSE, all fed by one reader of the event feed.</summary>
public static class StreamingRegistration
{
    public static IServiceCollection AddEvostreamStreams(this IServiceCollection services)
    {
        services.AddSingleton<FeedHub>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedHub>());
        services.AddSingleton<StreamGate>();
        services.AddSingleton<EngineSessions>();
        return services;
    }

    /// <summary>Before routing: WebSocket upgrades, and the plain WebSocket at <c>/</c> (whose GET is the status route).</summary>
    public static IApplicationBuilder UseEvostreamStreams(this IApplicationBuilder app) =>
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) }).UseRootWebSocket();

    public static IEndpointRouteBuilder MapEvostreamStreams(this IEndpointRouteBuilder routes)
    {
        routes.MapSocketIo();
        routes.MapPlainWebSocket();
        routes.MapSse();
        return routes;
    }
}
