using System.Net;
using System.Text;
using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.Commands;
using Evostream.Delivery.Configuration;
using Evostream.Delivery.Http;
using Evostream.Delivery.Payload;
using Evostream.Platform.Configuration;

namespace Evostream.Tests.Delivery;

/// <summary>What a webhook block, a webhook variable or an address may be, and the errors that name what is wrong.</summary>
public sealed class WebhookRulesTests
{
    [Fact]
    public void The_seeds_set_body_with_webhookByEvents_inside_the_wrapper_is_read()
    {
        var read = CommandJson.Read(Encoding.UTF8.GetBytes("""
            {"command":"setWebhook","instance":"shop-1","webhook":{"enabled":true,"url":"https://lambda-url/api/v1/webhook/evolution",
             "webhookByEvents":true,"webhookBase64":false,"events":["MESSAGES_UPSERT"],"headers":{"jwt_key":"YOUR_WEBHOOK_SECRET"}}}
            """));
        Assert.True(read.IsValid, read.Error?.Message);
        Assert.True(read.Envelope!.SetWebhook.Webhook.ByEvents);
        Assert.False(read.Envelope.SetWebhook.Webhook.Base64);
    }

    [Fact]
    public void Two_spellings_of_one_flag_that_disagree_are_refused_naming_both()
    {
        var read = CommandJson.Read(Encoding.UTF8.GetBytes("""
            {"command":"setWebhook","instance":"shop-1","webhook":{"enabled":true,"url":"https://x.example","byEvents":true,"webhook_by_events":false}}
            """));
        Assert.False(read.IsValid);
        Assert.Equal("webhook.webhook_by_events", read.Error!.Field);
        Assert.Contains("byEvents", read.Error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"enabled":true,"url":"ftp://x.example"}""", "webhook.url", "http or https")]
    [InlineData("""{"enabled":true,"url":"not a url"}""", "webhook.url", "absolute")]
    [InlineData("""{"enabled":true,"url":"https://x.example","events":["MESSAGES_UPSERT","MESSAGE_UPSERT"]}""", "webhook.events[1]", "'MESSAGE_UPSERT' is not an event name")]
    [InlineData("""{"enabled":true,"url":"https://x.example","secret":"hunter2"}""", "webhook.secret", "whsec_")]
    [InlineData("""{"enabled":true,"url":"https://x.example","secret":"whsec_c2hvcnQ="}""", "webhook.secret", "24 to 64")]
    [InlineData("""{"enabled":true,"url":"https://x.example","headers":{"bad header":"v"}}""", "webhook.headers.bad header", "header name")]
    public void A_webhook_the_stage_could_not_deliver_is_rejected_naming_the_field(string webhook, string field, string reason)
    {
        var read = CommandJson.Read(Encoding.UTF8.GetBytes($$"""{"command":"setWebhook","instance":"shop-1","webhook":{{webhook}}}"""));
        Assert.True(read.IsValid, read.Error?.Message);
        var rejection = ContentRules.Check(read.Envelope!);
        Assert.NotNull(rejection);
        Assert.Equal(field, rejection.Field);
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evolutions_group_update_spellings_and_own_events_are_accepted()
    {
        var read = CommandJson.Read(Encoding.UTF8.GetBytes("""
            {"command":"setWebhook","instance":"shop-1","webhook":{"enabled":true,"url":"https://x.example","events":["GROUP_UPDATE","GROUPS_UPDATE","COMMAND_REJECTED","INSTANCE_CONFIGURED"],
             "secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}}
            """));
        Assert.Null(ContentRules.Check(read.Envelope!));
    }

    [Fact]
    public void Bad_webhook_variables_stop_start_up_naming_each_one()
    {
        var env = new Dictionary<string, string>
        {
            ["WEBHOOK_RETRY_MAX_ATTEMPTS"] = "0",
            ["WEBHOOK_RETRY_JITTER_FACTOR"] = "2",
            ["WEBHOOK_RETRY_NON_RETRYABLE_STATUS_CODES"] = "400,abc",
            ["WEBHOOK_GLOBAL_ENABLED"] = "true",
            ["WEBHOOK_GLOBAL_URL"] = "ftp://x?apikey=SECRET",
            ["EVOSTREAM_WEBHOOK_SECRET"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,nope",
            ["EVOSTREAM_WEBHOOK_SIGNING_KEY"] = "whsk_c2hvcnQ=",
            ["WEBHOOK_EVENTS_ERRORS"] = "true",
        };
        var e = Assert.Throws<ConfigurationException>(() => new DeliverySettingsReader(n => env.GetValueOrDefault(n)).Read(RunMode.Production));
        var all = string.Join("\n", e.Errors);
        foreach (var name in new[] { "WEBHOOK_RETRY_MAX_ATTEMPTS", "WEBHOOK_RETRY_JITTER_FACTOR", "WEBHOOK_RETRY_NON_RETRYABLE_STATUS_CODES: 'abc'",
            "WEBHOOK_GLOBAL_URL", "EVOSTREAM_WEBHOOK_SECRET: entry 2", "EVOSTREAM_WEBHOOK_SIGNING_KEY: entry 1", "WEBHOOK_EVENTS_ERRORS" })
        {
            Assert.Contains(name, all, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("SECRET", all.Replace("_SECRET", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Evolutions_defaults_and_delay_formula()
    {
        var settings = new DeliverySettingsReader(_ => null).Read(RunMode.Production);
        Assert.Equal(10, settings.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.RequestTimeout);
        Assert.False(settings.AllowPrivate);
        Assert.True(new DeliverySettingsReader(_ => null).Read(RunMode.Dev).AllowPrivate);
        // Nominal waits 5, 10, 20, 40, 80, 160, 300, 300, 300 s (jitter at its midpoint).
        Assert.Equal([5, 10, 20, 40, 80, 160, 300, 300, 300], Enumerable.Range(1, 9).Select(n => (int)settings.Retry.DelayAfter(n, 0.5).TotalSeconds));
        Assert.Equal(5, settings.Retry.DelayAfter(1, 0).TotalSeconds); // never below the initial delay
        Assert.False(settings.Retry.Retries(404));
        Assert.True(settings.Retry.Retries(429));
        Assert.True(settings.Retry.Retries(null));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2606:4700::1111", false)]
    public void Private_addresses_are_refused(string address, bool refused) =>
        Assert.Equal(refused, AddressRule.Refuses(IPAddress.Parse(address)) is not null);

    [Fact]
    public async Task A_webhook_to_a_loopback_name_is_refused_when_connecting_not_only_when_set()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var http = SafeHttp.Create(allowPrivate: false, TimeSpan.FromSeconds(5));
        // "localhost" passes any check of the URL's text; the connect callback sees where it resolves.
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync($"http://localhost:{port}/hook", new StringContent("{}"), TestContext.Current.CancellationToken));
        Assert.Contains("loopback", e.InnerException?.Message ?? e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_payload_is_Evolutions_body_with_destination_and_without_timestamp()
    {
        var body = """{"event":"send.message","instance":"a","data":{"message":{"imageMessage":{"url":"u"}}},"server_url":"s","date_time":"d","sender":null,"apikey":null,"timestamp":1}"""u8;
        var payload = Encoding.UTF8.GetString(WebhookPayload.Build(body, "https://h/x", new MediaInline(null, "the media is larger")));
        Assert.Equal("""{"event":"send.message","instance":"a","data":{"message":{"imageMessage":{"url":"u"},"base64Error":"the media is larger"}},"destination":"https://h/x","server_url":"s","date_time":"d","sender":null,"apikey":null}""", payload);
    }
}
