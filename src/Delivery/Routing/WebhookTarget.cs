using Evostream.Contracts.Webhooks;

namespace Evostream.Delivery.Routing;

/// <summary>
/// Where one event goes: the instance's own webhook or the global one. Header values and the secret stay sealed
/// here; they are opened only for the request that sends them.
/// </summary>
public sealed record WebhookTarget(string Kind, string Url, bool ByEvents, IReadOnlyDictionary<string, string> SealedHeaders, string SealedSecret, bool Base64)
{
    public const string Instance = "instance";
    public const string Global = "global";

    /// <summary>The URL the event is posted to (and its <c>destination</c>): with byEvents, Evolution's event suffix.</summary>
    public string UrlFor(string eventName)
    {
        if (!ByEvents)
        {
            return Url;
        }

        // The suffix goes on the path, before any query string (an apikey parameter, say).
        var uri = new UriBuilder(Url);
        uri.Path = uri.Path.TrimEnd('/') + "/" + WebhookEvents.Suffix(eventName);
        return uri.Uri.ToString();
    }
}
