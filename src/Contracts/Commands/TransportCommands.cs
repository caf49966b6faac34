using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>What a transport's own inbound route writes as commands: Meta's webhook items.</summary>
internal static class TransportCommands
{
    public static IReadOnlyList<CommandCodec> All { get; } =
    [
        new(Case.MetaWebhookItem, new JsonFields("phoneNumberId", "kind", "item", "contactName"),
            static (r, body, e) =>
            {
                var item = new MetaWebhookItem
                {
                    PhoneNumberId = r.String(body, "phoneNumberId", required: true),
                    Kind = r.String(body, "kind", required: true),
                    ItemJson = r.String(body, "item", required: true),
                    ContactName = r.String(body, "contactName"),
                };
                if (item.Kind is not ("message" or "status"))
                {
                    r.Fail("kind", "must be 'message' or 'status'");
                }

                e.MetaWebhookItem = item;
            },
            static (json, e) =>
            {
                var item = e.MetaWebhookItem;
                json.WriteString("phoneNumberId"u8, item.PhoneNumberId);
                json.WriteString("kind"u8, item.Kind);
                json.WriteString("item"u8, item.ItemJson);
                json.WriteIfNotEmpty("contactName"u8, item.ContactName);
            }),
    ];
}
