using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Evostream.Contracts.V1;

namespace Evostream.Api.Routes.Meta;

/// <summary>One message or status of a webhook POST, ready to become a command for the instance of its phone number id.</summary>
public sealed record MetaItem(string PhoneNumberId, MetaWebhookItem Item, string DedupKey)
{
    /// <summary>The command id: the same for Meta's retries of the same item, so the connector's ledger drops repeats.</summary>
    public string CommandId
    {
        get
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes("meta-webhook|" + DedupKey), hash);
            hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            return new Guid(hash[..16], bigEndian: true).ToString();
        }
    }
}

/// <summary>
/// Splits Meta's webhook body (whatsapp-transports.md §A3) into its messages and statuses, checking the shape first so
/// a malformed payload is answered 400 naming what is wrong and nothing of it is written.
/// </summary>
public static class MetaWebhookPayload
{
    /// <returns>The items, the number of changes of other fields (not messages) that were skipped, or the error.</returns>
    public static (List<MetaItem>? Items, int Skipped, string? Error) Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, 0, "The body is not valid JSON: " + e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "object") != "whatsapp_business_account")
            {
                return (null, 0, "'object' must be \"whatsapp_business_account\".");
            }

            if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                return (null, 0, "'entry' must be an array.");
            }

            var items = new List<MetaItem>();
            var skipped = 0;
            var e = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
                {
                    return (null, 0, $"'entry[{e}].changes' must be an array.");
                }

                var c = 0;
                foreach (var change in changes.EnumerateArray())
                {
                    var at = $"entry[{e}].changes[{c}]";
                    if (change.ValueKind != JsonValueKind.Object || Text(change, "field") is not { Length: > 0 } field)
                    {
                        return (null, 0, $"'{at}.field' must be a string.");
                    }

                    if (field != "messages")
                    {
                        skipped++;
                        c++;
                        continue;
                    }

                    if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
                    {
                        return (null, 0, $"'{at}.value' must be an object.");
                    }

                    if (!value.TryGetProperty("metadata", out var metadata) || Text(metadata, "phone_number_id") is not { Length: > 0 } phoneNumberId)
                    {
                        return (null, 0, $"'{at}.value.metadata.phone_number_id' is required: it names the number, and so the instance.");
                    }

                    if (ReadChange(value, phoneNumberId, at, items) is { } error)
                    {
                        return (null, 0, error);
                    }

                    c++;
                }

                e++;
            }

            return (items, skipped, null);
        }
    }

    private static string? ReadChange(JsonElement value, string phoneNumberId, string at, List<MetaItem> items)
    {
        if (value.TryGetProperty("messages", out var messages))
        {
            if (messages.ValueKind != JsonValueKind.Array)
            {
                return $"'{at}.value.messages' must be an array.";
            }

            var i = 0;
            foreach (var message in messages.EnumerateArray())
            {
                var path = $"{at}.value.messages[{i++}]";
                foreach (var name in new[] { "id", "from", "type" })
                {
                    if (message.ValueKind != JsonValueKind.Object || Text(message, name) is not { Length: > 0 })
                    {
                        return $"'{path}.{name}' must be a non-empty string.";
                    }
                }

                var from = Text(message, "from")!;
                var item = new MetaWebhookItem { PhoneNumberId = phoneNumberId, Kind = "message", ItemJson = message.GetRawText(), ContactName = ContactName(value, from) };
                items.Add(new MetaItem(phoneNumberId, item, $"{phoneNumberId}|message|{Text(message, "id")}"));
            }
        }

        if (value.TryGetProperty("statuses", out var statuses))
        {
            if (statuses.ValueKind != JsonValueKind.Array)
            {
                return $"'{at}.value.statuses' must be an array.";
            }

            var i = 0;
            foreach (var status in statuses.EnumerateArray())
            {
                var path = $"{at}.value.statuses[{i++}]";
                foreach (var name in new[] { "id", "status", "recipient_id" })
                {
                    if (status.ValueKind != JsonValueKind.Object || Text(status, name) is not { Length: > 0 })
                    {
                        return $"'{path}.{name}' must be a non-empty string.";
                    }
                }

                if (Text(status, "status") is not ("sent" or "delivered" or "read" or "played" or "failed"))
                {
                    return $"'{path}.status' must be sent, delivered, read, played or failed, not '{Text(status, "status")}'.";
                }

                var item = new MetaWebhookItem { PhoneNumberId = phoneNumberId, Kind = "status", ItemJson = status.GetRawText() };
                items.Add(new MetaItem(phoneNumberId, item, $"{phoneNumberId}|status|{Text(status, "id")}|{Text(status, "status")}"));
            }
        }

        return null;
    }

    private static string ContactName(JsonElement value, string waId)
    {
        if (value.TryGetProperty("contacts", out var contacts) && contacts.ValueKind == JsonValueKind.Array)
        {
            foreach (var contact in contacts.EnumerateArray())
            {
                if (Text(contact, "wa_id") == waId && contact.TryGetProperty("profile", out var profile))
                {
                    return Text(profile, "name") ?? "";
                }
            }
        }

        return "";
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
