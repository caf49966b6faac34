using System.Text;
using Evostream.Api.Errors;
using Evostream.Api.Streaming.Feed;

namespace Evostream.Api.Streaming.Sse;

/// <summary>
/// Server-Sent Events: <c>GET /sse/{instance}</c> (and <c>GET /sse</c> with the global key). Each event is
/// <c>id: &lt;cursor&gt;</c>, <c>event: &lt;name&gt;</c>, <c>data: &lt;Evolution's body&gt;</c>; <c>Last-Event-ID</c> (or
/// <c>?since=</c>) resumes from the log. A stream the server ends gets a final comment saying why.
/// </summary>
public static class SseRoutes
{
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);

    public static void MapSse(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sse", (HttpContext http, StreamGate gate) => StreamAsync(http, gate, null)).WithTags("Streams");
        routes.MapGet("/sse/{instanceName}", (string instanceName, HttpContext http, StreamGate gate) => StreamAsync(http, gate, instanceName)).WithTags("Streams");
    }

    private static async Task StreamAsync(HttpContext http, StreamGate gate, string? instance)
    {
        var ct = http.RequestAborted;
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        var (cursor, cursorName) = lastEventId.Length > 0 ? (lastEventId, "Last-Event-ID") : (StreamKey.Query(http, "since"), "since");
        var opening = await gate.OpenAsync(StreamKey.Of(http), instance, cursor, cursorName, ct);
        if (opening.Session is not { } session)
        {
            await ApiErrors.Status(opening.Status, opening.Error!).ExecuteAsync(http);
            return;
        }

        using (session)
        {
            http.Response.ContentType = "text/event-stream; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            using var writes = new SemaphoreSlim(1, 1);
            await WriteAsync(http, writes, ": connected\n\n", ct);
            using var keepAlive = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, keepAlive.Token);
            var pinger = KeepAliveAsync(http, writes, linked.Token);
            try
            {
                await foreach (var item in session.ReadAllAsync(ct))
                {
                    var data = Encoding.UTF8.GetString(item.Event.BodyWithCursor(item.Cursor));
                    await WriteAsync(http, writes, $"id: {item.Cursor}\nevent: {item.Event.Event}\ndata: {data}\n\n", ct);
                }
            }
            catch (StreamClosedException e)
            {
                await WriteAsync(http, writes, $": closed: {e.Message.ReplaceLineEndings(" ")}\n\n", ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // the client left
            }
            finally
            {
                await keepAlive.CancelAsync();
                await pinger;
            }
        }
    }

    private static async Task KeepAliveAsync(HttpContext http, SemaphoreSlim writes, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(s_keepAlive);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await WriteAsync(http, writes, ": keep-alive\n\n", ct);
            }
        }
        catch (OperationCanceledException)
        {
            // stream over
        }
    }

    // A client that takes no bytes for SendTimeout is gone: the write is abandoned and the request aborted.
    private static async Task WriteAsync(HttpContext http, SemaphoreSlim writes, string text, CancellationToken ct)
    {
        await writes.WaitAsync(ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StreamKey.SendTimeout);
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), timeout.Token);
            await http.Response.Body.FlushAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            http.Abort();
            throw new OperationCanceledException("client took no bytes", ct);
        }
        finally
        {
            writes.Release();
        }
    }
}
