using Evostream.Api.Auth;

namespace Evostream.Api.Streaming;

/// <summary>Evolution's websocket auth takes the key as the <c>apikey</c> header or <c>?apikey=</c> (browsers cannot set headers on a WebSocket).</summary>
public static class StreamKey
{
    public static string? Of(HttpContext http)
    {
        var header = http.Request.Headers[ApiKeyFilter.Header].ToString();
        return header.Length > 0 ? header : http.Request.Query[ApiKeyFilter.Header].ToString() is { Length: > 0 } query ? query : null;
    }

    public static string? Query(HttpContext http, string name) => http.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>How long one write to a client may wait before the client counts as gone.</summary>
    public static TimeSpan SendTimeout { get; } = TimeSpan.FromSeconds(30);
}
