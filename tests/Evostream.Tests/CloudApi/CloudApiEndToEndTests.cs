using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Api.Routes.Meta;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Credentials;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.CloudApi;

/// <summary>
/// The whole pipeline in one host (as ./evostream dev runs it, so the simulator is there too) with WA_BUSINESS_URL at
/// crabline: a WHATSAPP-BUSINESS instance sends through crabline's Graph API, never the simulator, and crabline's
/// webhook payloads, signed by the test, come back through /webhook/meta as Evolution's events and read models.
/// </summary>
public sealed class CloudApiEndToEndTests(EmbeddedStack stack) : IAsyncLifetime
{
    private const string AppSecret = "test-app-secret-9f8e7d6c";
    private const string VerifyToken = "verify-me-123";
    private const string Contact = "15551234567";
    private static readonly string[] s_participants = ["5511988887777"];
    private Crabline _crabline = null!;
    private WholeStackHost _host = null!;
    private HttpClient _http = null!;
    private HttpClient _meta = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ServerUrl => _host.Url;

    public async ValueTask InitializeAsync()
    {
        _crabline = await Crabline.StartAsync(Ct);
        _host = await WholeStackHost.StartAsync(stack, "cloudapi", new Dictionary<string, string?>
        {
            ["EVOSTREAM_CREDENTIALS_KEYS"] = CredentialKeys.NewKeyText("e2e"),
            ["WA_BUSINESS_URL"] = _crabline.BaseUrl,
            ["WA_BUSINESS_VERSION"] = "v25.0",
            ["WA_BUSINESS_TOKEN_WEBHOOK"] = VerifyToken,
            ["EVOSTREAM_WA_BUSINESS_APP_SECRET"] = AppSecret,
        });
        _http = _host.Http;
        _meta = _host.Client(apiKey: "");
    }

    public async ValueTask DisposeAsync()
    {
        _meta.Dispose();
        await _host.DisposeAsync();
        await _crabline.DisposeAsync();
    }

    [Fact]
    public async Task A_business_instance_sends_through_crabline_and_its_signed_webhooks_become_Evolution_events_and_read_models()
    {
        // Create: Evolution's body for WHATSAPP-BUSINESS; the answer names the transport and the verify token, never the access token.
        var created = await PostAsync("/instance/create", new { instanceName = "shop-cloud", integration = "WHATSAPP-BUSINESS", token = _crabline.AccessToken, number = _crabline.PhoneNumberId, businessId = "TEST_WABA" });
        var createText = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, createText);
        Assert.DoesNotContain(_crabline.AccessToken, createText, StringComparison.Ordinal);
        var create = JsonDocument.Parse(createText).RootElement;
        Assert.Equal("cloud-api", create.GetProperty("transport").GetString());
        Assert.Equal("WHATSAPP-BUSINESS", create.GetProperty("instance").GetProperty("integration").GetString());
        Assert.Equal($"{ServerUrl}/webhook/meta", create.GetProperty("instance").GetProperty("webhookWaBusiness").GetString());
        Assert.Equal(VerifyToken, create.GetProperty("instance").GetProperty("accessTokenWaBusiness").GetString());

        var taken = await PostAsync("/instance/create", new { instanceName = "shop-cloud-2", integration = "WHATSAPP-BUSINESS", token = "EAA-another", number = _crabline.PhoneNumberId });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("shop-cloud", await taken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The dev default for WHATSAPP-BAILEYS is still the simulator, and says so.
        var simulated = JsonDocument.Parse(await (await PostAsync("/instance/create", new { instanceName = "shop-sim", integration = "WHATSAPP-BAILEYS" })).Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("simulator", simulated.GetProperty("transport").GetString());

        var instances = await GetJsonAsync("/instance/fetchInstances");
        var row = instances.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "shop-cloud");
        Assert.Equal("cloud-api", row.GetProperty("transport").GetString());
        Assert.Equal(_crabline.PhoneNumberId, row.GetProperty("number").GetString());
        Assert.Equal("open", row.GetProperty("connectionStatus").GetString());
        Assert.Equal("simulator", instances.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "shop-sim").GetProperty("transport").GetString());

        // Send: crabline's recorder has our text, sent with the instance's token; the key id is crabline's wamid.
        const string Hello = "hello from evostream through the cloud api";
        var sent = await PostAsync("/message/sendText/shop-cloud", new { number = "5511988887777", text = Hello });
        var sentText = await sent.Content.ReadAsStringAsync(Ct);
        Assert.True(sent.StatusCode == HttpStatusCode.Created, sentText);
        var wamid = JsonDocument.Parse(sentText).RootElement.GetProperty("key").GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.", wamid, StringComparison.Ordinal);
        var recorded = Assert.Single(await _crabline.ApiRequestsAsync(Ct), r => r.GetProperty("body").GetProperty("text").GetProperty("body").GetString() == Hello);
        Assert.True(recorded.GetProperty("accepted").GetBoolean());
        Assert.Equal("5511988887777", recorded.GetProperty("body").GetProperty("to").GetString());

        // Commands the Cloud API cannot do are refused at once, naming the transport.
        var group = await PostAsync("/group/create/shop-cloud", new { subject = "team", participants = s_participants });
        Assert.Equal(HttpStatusCode.BadRequest, group.StatusCode);
        Assert.Contains("cloud-api transport (WHATSAPP-BUSINESS) cannot do createGroup", await group.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Verify handshake.
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync($"/webhook/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42", Ct)).StatusCode);
        var verified = await _http.GetAsync($"/webhook/meta?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444", Ct);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("1158201444", await verified.Content.ReadAsStringAsync(Ct));

        // Inbound: a forged payload (bad signature) and an unsigned one are refused and write nothing; the signed one arrives.
        var forged = await _crabline.InboundAsync(_http, Contact, "forged: should never arrive", Ct);
        var forgedId = JsonDocument.Parse(forged).RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebhookAsync(forged, MetaSignature.Sign(forged, "not-the-app-secret"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebhookAsync(forged, null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await WebhookAsync(Bytes("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[]}}]}]}"""))).StatusCode);

        var payload = await _crabline.InboundAsync(_http, Contact, "hi, is the blue one in stock?", Ct);
        var inboundId = JsonDocument.Parse(payload).RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("messages")[0].GetProperty("id").GetString()!;
        var accepted = await WebhookAsync(payload, MetaSignature.Sign(payload, AppSecret));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WebhookAsync(payload, MetaSignature.Sign(payload, AppSecret))).StatusCode); // Meta's retry: dropped by wamid

        JsonElement record = default;
        await EventuallyAsync(async () =>
        {
            var found = await JsonAsync(await PostAsync("/chat/findMessages/shop-cloud", new { where = new { key = new { id = inboundId } } }));
            var records = found.GetProperty("messages").GetProperty("records");
            if (records.GetArrayLength() == 1)
            {
                record = records[0];
                return true;
            }

            return false;
        });
        Assert.Equal("hi, is the blue one in stock?", record.GetProperty("message").GetProperty("conversation").GetString());
        Assert.Equal("Test User", record.GetProperty("pushName").GetString());
        Assert.Equal($"{Contact}@s.whatsapp.net", record.GetProperty("key").GetProperty("remoteJid").GetString());
        Assert.False(record.GetProperty("key").GetProperty("fromMe").GetBoolean());

        // Statuses (crabline has none: the documented shape, signed): delivered, then a failure with Meta's reason.
        var statuses = Bytes($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"TEST_WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
             "metadata":{"display_phone_number":"15550000000","phone_number_id":"{{{_crabline.PhoneNumberId}}}"},
             "statuses":[{"id":"{{{wamid}}}","status":"delivered","timestamp":"1749416400","recipient_id":"5511988887777"},
                         {"id":"wamid.failed-one","status":"failed","timestamp":"1749416401","recipient_id":"5511988887777",
                          "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]}]}}]}]}
            """);
        Assert.Equal(HttpStatusCode.OK, (await WebhookAsync(statuses)).StatusCode);
        await EventuallyAsync(async () =>
        {
            var found = await JsonAsync(await PostAsync("/chat/findMessages/shop-cloud", new { where = new { key = new { id = wamid } } }));
            var records = found.GetProperty("messages").GetProperty("records");
            return records.GetArrayLength() == 1 && records[0].GetProperty("status").GetString() == "DELIVERY_ACK";
        });

        // On the evolution topics, in Evolution's shape: one upsert (the retry and the forgery left nothing), and the updates.
        var upserts = ReadAll(EvolutionTopics.PerInstance(_host.Prefix, "shop-cloud", "messages.upsert"), 1);
        var upsert = Assert.Single(upserts);
        Assert.Equal("messages.upsert", upsert.GetProperty("event").GetString());
        Assert.Equal(inboundId, upsert.GetProperty("data").GetProperty("key").GetProperty("id").GetString());
        Assert.DoesNotContain(upserts, u => u.GetProperty("data").GetProperty("key").GetProperty("id").GetString() == forgedId);
        var updates = ReadAll(EvolutionTopics.PerInstance(_host.Prefix, "shop-cloud", "messages.update"), 2);
        Assert.Contains(updates, u => u.GetProperty("data").GetProperty("keyId").GetString() == wamid && u.GetProperty("data").GetProperty("status").GetString() == "DELIVERY_ACK");
        var failed = updates.Single(u => u.GetProperty("data").GetProperty("keyId").GetString() == "wamid.failed-one").GetProperty("data");
        Assert.Equal("ERROR", failed.GetProperty("status").GetString());
        Assert.Contains("131047 Re-engagement message: Message failed to send because more than 24 hours", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    private async Task<HttpResponseMessage> WebhookAsync(byte[] body, string? signature = "sign")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/meta") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.Add(MetaSignature.Header, signature == "sign" ? MetaSignature.Sign(body, AppSecret) : signature);
        }

        // Meta sends no API key: the route must not need one.
        return await _meta.SendAsync(request, Ct);
    }

    private List<JsonElement> ReadAll(string topic, int expected)
    {
        var configs = new KafkaClientConfigs(stack.KafkaSettings(_host.Prefix));
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(configs.Consumer("test-read", "reader-" + Guid.NewGuid().ToString("N"))).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        DateTime? settle = null;
        while (DateTime.UtcNow < (settle ?? deadline))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false, Message.Value: { } value })
            {
                records.Add(JsonDocument.Parse(value).RootElement.Clone());
            }

            if (records.Count >= expected && settle is null)
            {
                settle = DateTime.UtcNow.AddSeconds(2);
            }
        }

        return records;
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body) => _http.PostAsJsonAsync(path, body, Ct);

    private async Task<JsonElement> GetJsonAsync(string path) => await JsonAsync(await _http.GetAsync(path, Ct));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("the condition did not hold within 30 s");
    }
}
