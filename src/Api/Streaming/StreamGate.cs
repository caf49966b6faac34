using Evostream.Api.Auth;
using Evostream.Api.Reading;
using Evostream.Api.Streaming.Feed;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;

namespace Evostream.Api.Streaming;

/// <summary>Which events a stream carries: one instance's (with its websocket block), or every instance's (null).</summary>
public sealed record StreamScope(string? Instance, WebsocketConfig? Websocket);

/// <summary>A stream opened, or the status and reason it was refused with.</summary>
public sealed record StreamOpening(StreamSession? Session, int Status, string? Error)
{
    public static StreamOpening Refused(int status, string error) => new(null, status, error);
}

/// <summary>
/// The one check every live stream passes before its first byte: streams on (WEBSOCKET_ENABLED), the key (the global
/// key, or an instance token for its own instance only), the instance, its websocket block, global events
/// (WEBSOCKET_GLOBAL_EVENTS) and the cursor. Each refusal names what is wrong, at once, before any upgrade.
/// </summary>
public sealed class StreamGate(EvostreamSettings settings, InstanceQueries instances, ConfigQueries config, FeedHub hub)
{
    /// <param name="cursorName">How the client gave the cursor (<c>since</c>, <c>Last-Event-ID</c>), to name it in an error.</param>
    public async Task<StreamOpening> OpenAsync(string? key, string? instance, string? cursor, string cursorName, CancellationToken ct)
    {
        if (!settings.Websocket.Enabled)
        {
            return StreamOpening.Refused(StatusCodes.Status404NotFound, "Live streams are off: set WEBSOCKET_ENABLED=true to serve WebSocket, Socket.IO and SSE.");
        }

        if (string.IsNullOrEmpty(key))
        {
            return StreamOpening.Refused(StatusCodes.Status401Unauthorized, "Unauthorized: give the apikey header or ?apikey=.");
        }

        FeedCursor? since = null;
        if (!string.IsNullOrEmpty(cursor) && (since = FeedCursor.TryDecode(cursor, out var cursorError)) is null)
        {
            return StreamOpening.Refused(StatusCodes.Status400BadRequest, $"{cursorName} {cursorError}.");
        }

        var global = settings.ApiKey is { Length: > 0 } globalKey && Evostream.Platform.Hosting.ApiKey.Matches(key, globalKey);
        if (!global)
        {
            var owner = await instances.InstanceOfTokenAsync(TokenHash.Hex(key), ct);
            if (owner is null)
            {
                return StreamOpening.Refused(StatusCodes.Status401Unauthorized, "Unauthorized: the apikey is neither the global key nor an instance token.");
            }

            if (instance is not null && instance != owner)
            {
                return StreamOpening.Refused(StatusCodes.Status403Forbidden, $"This apikey is the token of another instance; it cannot stream \"{instance}\".");
            }

            instance = owner; // an instance token streams its own instance, named or not
        }

        StreamScope scope;
        if (instance is null)
        {
            if (!settings.Websocket.GlobalEvents)
            {
                return StreamOpening.Refused(StatusCodes.Status403Forbidden,
                    "Streaming every instance needs WEBSOCKET_GLOBAL_EVENTS=true; otherwise name the instance (/<instance>, ?instance=, /sse/<instance>).");
            }

            scope = new StreamScope(null, null);
        }
        else
        {
            if (await instances.FindAsync(instance, ct) is null)
            {
                return StreamOpening.Refused(StatusCodes.Status404NotFound, $"Instance not found: the \"{instance}\" instance does not exist");
            }

            var websocket = await config.WebsocketAsync(instance, ct);
            if (websocket is not { Enabled: true })
            {
                return StreamOpening.Refused(StatusCodes.Status403Forbidden,
                    $"Websocket is not enabled for instance \"{instance}\": POST /websocket/set/{instance} {{\"websocket\":{{\"enabled\":true,\"events\":[]}}}} first.");
            }

            scope = new StreamScope(instance, new WebsocketConfig { Enabled = true, Events = { websocket.Events } });
        }

        var subscription = await hub.SubscribeAsync(scope.Instance, ct);
        return subscription is null
            ? StreamOpening.Refused(StatusCodes.Status503ServiceUnavailable, $"The event feed ({hub.Topic}) is not readable yet; try again shortly.")
            : new StreamOpening(new StreamSession(hub, subscription, scope, since), StatusCodes.Status200OK, null);
    }
}
