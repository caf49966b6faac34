using Evostream.Contracts.V1;
using Evostream.Contracts.Webhooks;

namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// A webhook block of /webhook/set or /instance/create: what the delivery stage could not act on is refused here,
/// naming the field, rather than accepted and silently never delivered.
/// </summary>
internal static class WebhookRules
{
    public static Rejection? Check(WebhookConfig? webhook)
    {
        if (webhook is null)
        {
            return null;
        }

        if ((webhook.Enabled || webhook.Url.Length > 0) && WebhookUrl.Check(webhook.Url) is { } urlError)
        {
            return Rejection.Invalid("webhook.url", urlError);
        }

        for (var i = 0; i < webhook.Events.Count; i++)
        {
            if (!WebhookEvents.TryResolve(webhook.Events[i], out _))
            {
                return Rejection.Invalid($"webhook.events[{i}]", $"'{webhook.Events[i]}' is not an event name; expected one of: {string.Join(", ", WebhookEvents.Keys.Order(StringComparer.Ordinal))}");
            }
        }

        foreach (var name in webhook.Headers.Keys)
        {
            if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)))
            {
                return Rejection.Invalid($"webhook.headers.{name}", "is not a valid HTTP header name");
            }
        }

        // A secret already sealed came back from a previous configuration and was checked then.
        return webhook.Secret.Length > 0 && !webhook.Secret.StartsWith("enc:v1:", StringComparison.Ordinal)
            && !WebhookSecret.TryParse(webhook.Secret, out _, out var secretError)
            ? Rejection.Invalid("webhook.secret", secretError)
            : null;
    }
}
