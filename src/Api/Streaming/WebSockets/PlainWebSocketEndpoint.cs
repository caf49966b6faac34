using System.Net.WebSockets;
using System.Text;
using Evostream.Api.Errors;
using Evostream.Api.Streaming.Feed;

namespace Evostream.Api.Streaming.WebSockets;

/// <summary>
/// A plain WebSocket at <c>/ws?apikey=...&amp;instance=&lt;name&gt;</c> (and at <c>/</c>, as Evolution's docs connect):
/// one Evolution JSON body per text frame, with <c>cursor</c> added; <c>?since=&lt;cursor&gt;</c> resumes. A stream the
/// server ends closes with 1008 and the reason.
/// </summary>
public static class PlainWebSocketEndpoint
{
    public static void MapPlainWebSocket(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/ws", (HttpContext http, StreamGate gate) => ServeAsync(http, gate)).ExcludeFromDescription();

    /// <summary>A WebSocket upgrade at <c>/</c> is served like <c>/ws</c>; a plain GET / stays the status route.</summary>
    public static IApplicationBuilder UseRootWebSocket(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path == "/" && http.WebSockets.IsWebSocketRequest)
            {
                await ServeAsync(http, http.RequestServices.GetRequiredService<StreamGate>());
                return;
            }

            await next(http);
        });

    public static async Task ServeAsync(HttpContext http, StreamGate gate)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ApiErrors.BadRequest("/ws is a WebSocket endpoint: connect with a WebSocket client (ws://host/ws?apikey=...&instance=<name>).").ExecuteAsync(http);
            return;
        }

        var ct = http.RequestAborted;
        var opening = await gate.OpenAsync(StreamKey.Of(http), StreamKey.Query(http, "instance"), StreamKey.Query(http, "since"), "since", ct);
        if (opening.Session is not { } session)
        {
            await ApiErrors.Status(opening.Status, opening.Error!).ExecuteAsync(http);
            return;
        }

        using (session)
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            using var gone = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var receiving = ReceiveUntilClosedAsync(socket, gone);
            try
            {
                await foreach (var item in session.ReadAllAsync(gone.Token))
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(gone.Token);
                    timeout.CancelAfter(StreamKey.SendTimeout);
                    await socket.SendAsync(item.Event.BodyWithCursor(item.Cursor), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
                }
            }
            catch (StreamClosedException e)
            {
                await CloseAsync(socket, e.Message);
                // Let the client's close answer arrive before the socket goes, so the reason is read, not reset.
                await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // the client left, or took no bytes for SendTimeout (the socket is then aborted)
            }
            finally
            {
                await gone.CancelAsync();
                await receiving;
            }
        }
    }

    private static async Task CloseAsync(WebSocket socket, string reason)
    {
        // A close reason holds at most 123 UTF-8 bytes.
        var bytes = Encoding.UTF8.GetBytes(reason);
        var text = bytes.Length <= 123 ? reason : Encoding.UTF8.GetString(bytes, 0, 120) + "...";
        using var timeout = new CancellationTokenSource(StreamKey.SendTimeout);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, text.TrimEnd('\uFFFD'), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            socket.Abort();
        }
    }

    // The stream only sends; reading notices the client closing and answers its close.
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource gone)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var received = await socket.ReceiveAsync(buffer, gone.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // closing
        }
        finally
        {
            await gone.CancelAsync();
        }
    }
}
