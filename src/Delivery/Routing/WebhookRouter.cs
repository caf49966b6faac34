using Evostream.Contracts.V1;
using Evostream.Contracts.Webhooks;
using Evostream.Delivery.Configuration;

namespace Evostream.Delivery.Routing;

/// <summary>
/// Evolution's delivery conditions: an instance webhook that is enabled, has an http(s) URL and lists the event (an
/// empty list means every Evolution event; Evostream's own events only when listed), and the global webhook for the
/// events whose WEBHOOK_EVENTS_* flag is on.
/// </summary>
public sealed class WebhookRouter(GlobalWebhook global)
{
    private static readonly Dictionary<string, string> s_none = [];

    public IReadOnlyList<WebhookTarget> TargetsOf(string eventName, WebhookConfig? webhook)
    {
        var targets = new List<WebhookTarget>(2);
        if (webhook is { Enabled: true } && WebhookUrl.Check(webhook.Url) is null && Lists(webhook, eventName))
        {
            targets.Add(new WebhookTarget(WebhookTarget.Instance, webhook.Url, webhook.ByEvents, webhook.Headers.ToDictionary(), webhook.Secret, webhook.Base64));
        }

        if (global.Enabled && global.Events.Contains(eventName))
        {
            // Evolution's global webhook sends no custom headers.
            targets.Add(new WebhookTarget(WebhookTarget.Global, global.Url, global.ByEvents, s_none, "", false));
        }

        return targets;
    }

    private static bool Lists(WebhookConfig webhook, string eventName)
    {
        if (webhook.Events.Count == 0)
        {
            return !WebhookEvents.IsEvostreamOwn(eventName);
        }

        foreach (var key in webhook.Events)
        {
            if (WebhookEvents.TryResolve(key, out var listed) && listed == eventName)
            {
                return true;
            }
        }

        return false;
    }
}
