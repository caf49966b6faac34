using System.Text;
using Evostream.Contracts.V1;

namespace Evostream.Api.Streaming.Feed;

/// <summary>
/// One record of the event feed, read once per Api process and shared by every stream that carries it.
/// </summary>
/// <param name="Body">Evolution's JSON body <c>{event, instance, data, server_url, date_time, sender, apikey, timestamp}</c>.</param>
/// <param name="Websocket">For <c>instance.configured</c>: the instance's websocket block as it now stands (null: none).</param>
public sealed record FeedEvent(string Instance, string Event, int Partition, long Offset, byte[] Body, bool IsConfiguration, WebsocketConfig? Websocket)
{
    /// <summary>The body with <c>"cursor"</c> added as its last field: the position just after this event.</summary>
    public byte[] BodyWithCursor(string cursor)
    {
        var end = Array.LastIndexOf(Body, (byte)'}');
        var tail = Encoding.UTF8.GetBytes($",\"cursor\":\"{cursor}\"}}");
        var result = new byte[end + tail.Length];
        Body.AsSpan(0, end).CopyTo(result);
        tail.CopyTo(result.AsSpan(end));
        return result;
    }
}
