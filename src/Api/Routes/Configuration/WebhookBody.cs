using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evostream.Api.Routes.Configuration;

/// <summary>
/// Evolution v2 takes <c>{"webhook":{...}}</c> and <c>{"kafka":{...}}</c>; v1 clients (and the seed's curl) send the
/// fields flat, with <c>webhook_by_events</c>. Both are accepted: a flat body is wrapped before it is read.
/// </summary>
public static class WebhookBody
{
    private static readonly (string Flat, string Nested)[] s_webhookAliases =
    [
        ("enabled", "enabled"), ("url", "url"), ("headers", "headers"), ("events", "events"),
        ("byEvents", "byEvents"), ("webhookByEvents", "byEvents"), ("webhook_by_events", "byEvents"),
        ("base64", "base64"), ("webhookBase64", "base64"), ("webhook_base64", "base64"), ("secret", "secret"),
    ];

    public static ReadOnlyMemory<byte> Normalize(ReadOnlyMemory<byte> body, string block)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return body; // the command reader reports it
        }

        if (root is null || root.ContainsKey(block))
        {
            return body;
        }

        var nested = new JsonObject();
        var aliases = block == "webhook" ? s_webhookAliases : [("enabled", "enabled"), ("events", "events")];
        foreach (var (name, value) in root.ToList())
        {
            var alias = aliases.FirstOrDefault(a => a.Flat == name);
            if (alias.Nested is null)
            {
                return body; // an unknown flat field: let the reader name it
            }

            root.Remove(name);
            nested[alias.Nested] = value;
        }

        // A flat v1 body has no enabled flag: setting a URL meant turning the webhook on.
        if (!nested.ContainsKey("enabled"))
        {
            nested["enabled"] = true;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { [block] = nested });
    }
}
