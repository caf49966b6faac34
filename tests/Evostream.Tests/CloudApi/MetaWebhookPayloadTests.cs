using System.Text;
using Evostream.Api.Routes.Meta;

namespace Evostream.Tests.CloudApi;

/// <summary>Meta's signature and payload shape, checked before anything is written.</summary>
public class MetaWebhookPayloadTests
{
    private const string Secret = "app-secret";

    [Fact]
    public void The_signature_is_the_hex_HMAC_of_the_raw_bytes_and_anything_else_fails()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[],"note":"caf\u00e9 ☕"}""");
        var signature = MetaSignature.Sign(body, Secret);
        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.True(MetaSignature.IsValid(signature, body, Secret));
        Assert.True(MetaSignature.IsValid(signature.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal), body, Secret));
        Assert.False(MetaSignature.IsValid(signature, body, "another-secret"));
        Assert.False(MetaSignature.IsValid(signature, [.. body, (byte)' '], Secret));
        Assert.False(MetaSignature.IsValid(null, body, Secret));
        Assert.False(MetaSignature.IsValid(signature[7..], body, Secret));
        Assert.False(MetaSignature.IsValid("sha256=" + new string('z', 64), body, Secret));
        Assert.False(MetaSignature.IsValid("sha1=" + signature[7..], body, Secret));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"object":"page","entry":[]}""", "'object'")]
    [InlineData("""{"object":"whatsapp_business_account"}""", "'entry' must be an array")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[]}}]}]}""", "'entry[0].changes[0].value.metadata.phone_number_id' is required")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"messages":[{"id":"w","type":"text"}]}}]}]}""", "'entry[0].changes[0].value.messages[0].from'")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"statuses":[{"id":"w","status":"lost","recipient_id":"5"}]}}]}]}""", "'entry[0].changes[0].value.statuses[0].status' must be sent, delivered, read, played or failed")]
    public void A_malformed_payload_is_refused_naming_what_is_wrong(string json, string expected)
    {
        var (items, _, error) = MetaWebhookPayload.Read(Encoding.UTF8.GetBytes(json));
        Assert.Null(items);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_and_statuses_become_items_whose_command_ids_repeat_only_for_the_same_item()
    {
        var json = """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[
              {"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},
                "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
                "messages":[{"from":"16505551234","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]}},
              {"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},
                "statuses":[{"id":"wamid.B","status":"delivered","recipient_id":"16505551234"},{"id":"wamid.B","status":"read","recipient_id":"16505551234"}]}},
              {"field":"message_template_status_update","value":{}}]}]}
            """;
        var (items, skipped, error) = MetaWebhookPayload.Read(Encoding.UTF8.GetBytes(json));
        Assert.Null(error);
        Assert.Equal(1, skipped);
        Assert.Equal(3, items!.Count);
        var message = items[0].Item;
        Assert.Equal(("message", "106540352242922", "Sheena Nelson"), (message.Kind, message.PhoneNumberId, message.ContactName));
        Assert.Contains("\"Does it come in another color?\"", message.ItemJson, StringComparison.Ordinal);
        Assert.NotEqual(items[1].CommandId, items[2].CommandId);
        Assert.Equal(items[0].CommandId, MetaWebhookPayload.Read(Encoding.UTF8.GetBytes(json)).Items![0].CommandId);
    }
}
