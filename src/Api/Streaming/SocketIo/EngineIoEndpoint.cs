using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Evostream.Api.Errors;
using Evostream.Platform.Configuration;

namespace Evostream.Api.Streaming.SocketIo;

/// <summary>
/// <c>/socket.io/</c>: Engine.IO v4 over HTTP long-polling and WebSocket, with the upgrade between them, as
/// socket.io-client speaks it with default options. Errors use Engine.IO's <c>{code, message}</c> bodies.
/// </summary>
public static partial class EngineIoEndpoint
{
    public static void MapSocketIo(this IEndpointRouteBuilder routes) =>
        routes.MapMethods("/socket.io/", [HttpMethods.Get, HttpMethods.Post], ServeAsync).ExcludeFromDescription();

    private static async Task ServeAsync(HttpContext http, EngineSessions sessions, StreamGate gate, EvostreamSettings settings, ILoggerFactory logs)
    {
        if (!settings.Websocket.Enabled)
        {
            await ApiErrors.Status(StatusCodes.Status404NotFound, "Live streams are off: set WEBSOCKET_ENABLED=true to serve WebSocket, Socket.IO and SSE.").ExecuteAsync(http);
            return;
        }

        if (StreamKey.Query(http, "EIO") != "4")
        {
            await EngineError(http, 5, "Unsupported protocol version: Evostream speaks Engine.IO 4 (socket.io-client 3 and 4)");
            return;
        }

        var sid = StreamKey.Query(http, "sid");
        var session = sid is null ? null : sessions.Find(sid);
        if (sid is not null && session is null)
        {
            await EngineError(http, 1, "Session ID unknown");
            return;
        }

        switch (StreamKey.Query(http, "transport"))
        {
            case "websocket" when http.WebSockets.IsWebSocketRequest:
                using (var socket = await http.WebSockets.AcceptWebSocketAsync())
                {
                    if (session is null)
                    {
                        session = sessions.Open(gate, StreamKey.Of(http), StreamKey.Query(http, "since"), logs.CreateLogger<EngineSession>());
                        session.Start(EngineTransport.WebSocket);
                        await session.RunWebSocketFromOpenAsync(socket);
                    }
                    else
                    {
                        await session.RunWebSocketAsync(socket, upgrading: true);
                    }
                }

                break;
            case "polling" when session is null && HttpMethods.IsGet(http.Request.Method):
                session = sessions.Open(gate, StreamKey.Of(http), StreamKey.Query(http, "since"), logs.CreateLogger<EngineSession>());
                session.Start(EngineTransport.Polling);
                await Text(http, session.OpenPacket(canUpgrade: true));
                break;
            case "polling" when session is not null && HttpMethods.IsGet(http.Request.Method):
                await Text(http, await session.PollAsync(http.RequestAborted));
                break;
            case "polling" when session is not null && HttpMethods.IsPost(http.Request.Method):
                var body = await ReadAsync(http.Request);
                if (body is null)
                {
                    await EngineError(http, 3, $"Bad request: a polling payload is at most {EngineSession.MaxPayload} bytes");
                    session.Close("payload too large");
                    return;
                }

                await session.ReceiveAsync(body);
                await Text(http, "ok");
                break;
            case "polling" or "websocket":
                await EngineError(http, 3, "Bad request: a new session starts with GET, a WebSocket transport needs an upgrade");
                break;
            default:
                await EngineError(http, 0, "Transport unknown: use polling or websocket");
                break;
        }
    }

    private static async Task<string?> ReadAsync(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = EngineSession.MaxPayload;
        }

        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException)
        {
            return null;
        }
    }

    private static Task Text(HttpContext http, string text)
    {
        http.Response.ContentType = "text/plain; charset=UTF-8";
        return http.Response.WriteAsync(text, http.RequestAborted);
    }

    private static Task EngineError(HttpContext http, int code, string message) =>
        TypedResults.Json(new EngineErrorBody(code, message), statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);

    private sealed record EngineErrorBody(int Code, string Message);
}
