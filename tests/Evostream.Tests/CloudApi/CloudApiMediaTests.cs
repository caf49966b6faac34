using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.CloudApi;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Tests.Execution;
using Evostream.Tests.Infrastructure;
using Google.Protobuf;

namespace Evostream.Tests.CloudApi;

/// <summary>
/// Media through the Cloud API: by link when given a URL, and base64 uploaded to /{phone-number-id}/media first, the
/// message then naming Meta's media id. crabline serves no /media, so the Graph side is <see cref="FakeGraph"/>, a
/// recorded-request fake of the documented shapes.
/// </summary>
public sealed class CloudApiMediaTests(EmbeddedStack stack)
{
    private const string Token = "EAA-media-token-0123456789";
    private const string PhoneNumberId = "100000000000004";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Media_goes_by_link_or_is_uploaded_first_and_sent_by_its_media_id()
    {
        await using var graph = await FakeGraph.StartAsync(Ct);
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("media")));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var drivers = new DriverSet([CloudApiDriver.Create(new WaBusinessSettings(graph.BaseUrl, "v25.0", "en_US", "verify", null, false), TimeProvider.System)]);
        var (_, run) = h.Start(drivers, cts.Token);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        h.Send(
            new CommandEnvelope
            {
                CommandId = "create-m", Instance = "m",
                CreateInstance = new CreateInstance
                {
                    Integration = "WHATSAPP-BUSINESS", Number = PhoneNumberId, TokenSha256 = new string('a', 64),
                    AccessTokenSealed = new CredentialsCipher(h.Keys).SealText(Token, "m"),
                },
            },
            new CommandEnvelope { CommandId = "link", Instance = "m", SendMedia = new SendMedia { Number = "5511988887777", Mediatype = "image", Url = "https://example.com/a.jpg", Caption = "by link" } },
            new CommandEnvelope { CommandId = "upload", Instance = "m", SendMedia = new SendMedia { Number = "5511988887777", Mediatype = "document", Mimetype = "application/pdf", Data = ByteString.CopyFrom(png), FileName = "order.pdf", Caption = "uploaded" } },
            new CommandEnvelope { CommandId = "audio", Instance = "m", SendWhatsappAudio = new SendWhatsAppAudio { Number = "5511988887777", Data = ByteString.CopyFrom(png) } },
            new CommandEnvelope { CommandId = "no-type", Instance = "m", SendMedia = new SendMedia { Number = "5511988887777", Mediatype = "image", Data = ByteString.CopyFrom(png) } });

        var executed = h.Events("command.executed", 4);
        var rejected = h.Events("command.rejected", 1);
        await cts.CancelAsync();
        await run;

        foreach (var id in (string[])["link", "upload", "audio"])
        {
            Assert.StartsWith("wamid.", executed.Single(e => e.CausationCommandId == id).CommandExecuted.MessageId, StringComparison.Ordinal);
        }
        var messages = graph.Requests.Where(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)).Select(r => r.Body).ToList();
        var uploads = graph.Requests.Where(r => r.Path == $"/v25.0/{PhoneNumberId}/media").ToList();
        Assert.Equal(2, uploads.Count);
        Assert.All(uploads, u => Assert.Equal("Bearer " + Token, u.Authorization));

        var linked = Assert.Single(messages, m => m["type"]!.GetValue<string>() == "image");
        Assert.Equal("https://example.com/a.jpg", linked["image"]!["link"]!.GetValue<string>());
        Assert.Null(linked["image"]!["id"]);

        // The document: uploaded whole with its type and name, then sent by the media id Meta answered.
        var pdf = Assert.Single(uploads, u => u.Body["type"]!.GetValue<string>() == "application/pdf").Body;
        Assert.Equal(("whatsapp", "order.pdf", "application/pdf", Convert.ToBase64String(png)),
            (pdf["messaging_product"]!.GetValue<string>(), pdf["file_name"]!.GetValue<string>(), pdf["file_type"]!.GetValue<string>(), pdf["file_base64"]!.GetValue<string>()));
        var document = Assert.Single(messages, m => m["type"]!.GetValue<string>() == "document")["document"]!;
        Assert.Equal(pdf["id"]!.GetValue<string>(), document["id"]!.GetValue<string>());
        Assert.Equal(("uploaded", "order.pdf"), (document["caption"]!.GetValue<string>(), document["filename"]!.GetValue<string>()));
        Assert.Null(document["link"]);

        var voice = Assert.Single(uploads, u => u.Body["type"]!.GetValue<string>() == "audio/ogg").Body;
        Assert.Equal(voice["id"]!.GetValue<string>(), Assert.Single(messages, m => m["type"]!.GetValue<string>() == "audio")["audio"]!["id"]!.GetValue<string>());

        var refused = Assert.Single(rejected).CommandRejected;
        Assert.Equal("no-type", refused.CommandId);
        Assert.Contains("mimetype is required", refused.Reason, StringComparison.Ordinal);
    }
}
