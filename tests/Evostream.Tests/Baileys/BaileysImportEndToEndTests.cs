using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Api.Configuration;
using Evostream.Cli.Instances;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Baileys;

/// <summary>
/// The whole stack as <c>./evostream dev --whatsapp real</c> runs it, with Baileys pointed at crabline: a linked
/// useMultiFileAuthState folder imported by the code <c>evostream instances import</c> runs comes up open without a QR
/// code, sends decrypt at crabline under our deterministic ids, and crabline's inbound text becomes Evolution's
/// messages.upsert and a findMessages record. Bad folders and a taken name are refused whole.
/// </summary>
public sealed class BaileysImportEndToEndTests(EmbeddedStack stack)
{
    private const string Instance = "imported-phone";
    private const string Contact = "15551234567";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_imported_auth_folder_comes_up_open_and_sends_and_receives_through_Baileys()
    {
        await using var crab = await Crabline.StartAsync(Ct);
        var keysText = CredentialKeys.NewKeyText("imp");
        Assert.True(CredentialKeys.TryParse(keysText, out var keys, out _));
        await using var host = await WholeStackHost.StartAsync(stack, "bimport", new Dictionary<string, string?>
        {
            ["EVOSTREAM_WHATSAPP"] = "real",
            ["EVOSTREAM_BAILEYS_WS_URL"] = crab.WebSocketUrl,
            [CredentialKeysVariable.Name] = keysText,
        });
        var import = new BaileysImport(host.Service<EvostreamSettings>(), host.Service<ApiSettings>(), host.Service<KafkaClientConfigs>(), keys, TimeProvider.System);

        // Bad folders are refused before anything is written.
        var empty = Directory.CreateTempSubdirectory("baileys-auth-").FullName;
        var noCreds = await import.RunAsync(Instance, empty, Ct);
        Assert.False(noCreds.Ok);
        Assert.Contains("no creds.json", noCreds.Message, StringComparison.Ordinal);
        var neverLinked = await import.RunAsync(Instance, await BaileysAuthFolderTests.WriteFolderAsync(null, Ct), Ct);
        Assert.False(neverLinked.Ok);
        Assert.Contains("never linked", neverLinked.Message, StringComparison.Ordinal);
        var none = await GetJsonAsync(host.Http, "/instance/fetchInstances");
        Assert.DoesNotContain(none.EnumerateArray(), i => i.GetProperty("name").GetString() == Instance);

        // A linked folder (Baileys' own useMultiFileAuthState, with crabline's account as creds.me) comes up open.
        var folder = await BaileysAuthFolderTests.WriteFolderAsync($"{crab.SelfJid.Split('@')[0]}:1@s.whatsapp.net", Ct, keys: false);
        var imported = await import.RunAsync(Instance, folder, Ct);
        Assert.True(imported.Ok, imported.Message);
        Assert.Equal("open", imported.Connection);
        Assert.Matches("^[0-9A-F]{32}$", imported.Token);

        var row = (await GetJsonAsync(host.Http, "/instance/fetchInstances")).EnumerateArray().Single(i => i.GetProperty("name").GetString() == Instance);
        Assert.Equal("baileys", row.GetProperty("transport").GetString());
        Assert.Equal("WHATSAPP-BAILEYS", row.GetProperty("integration").GetString());
        Assert.Equal("open", row.GetProperty("connectionStatus").GetString());

        // The name is taken now: refused whole, and the imported session keeps running.
        var again = await import.RunAsync(Instance, folder, Ct);
        Assert.False(again.Ok);
        Assert.Contains($"'{Instance}' is taken", again.Message, StringComparison.Ordinal);

        // A send decrypts at crabline under the id we answered, the deterministic form of the command id.
        const string Hello = "hello from an imported session";
        var sent = await host.Http.PostAsJsonAsync($"/message/sendText/{Instance}", new { number = Contact, text = Hello }, Ct);
        var sentText = await sent.Content.ReadAsStringAsync(Ct);
        Assert.True(sent.StatusCode == HttpStatusCode.Created, sentText);
        var id = JsonDocument.Parse(sentText).RootElement.GetProperty("key").GetProperty("id").GetString()!;
        Assert.Matches("^3EB0[0-9A-F]{18}$", id);
        JsonElement accepted = default;
        await EventuallyAsync(() =>
        {
            if (crab.Accepted(id) is { } record)
            {
                accepted = JsonDocument.Parse(record.ToJsonString()).RootElement.Clone();
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        });
        Assert.Equal(Hello, accepted.GetProperty("body").GetProperty("message").GetProperty("conversation").GetString());

        // Inbound: crabline's phone writes; Evolution's topic and findMessages have it.
        const string Inbound = "hi, this came through crabline";
        await crab.InjectAsync($"{Contact}@s.whatsapp.net", Inbound, Ct);
        var upsert = await FirstUpsertAsync(host.Prefix, EvolutionTopics.PerInstance(host.Prefix, Instance, "messages.upsert"), Inbound);
        Assert.Equal("messages.upsert", upsert.GetProperty("event").GetString());
        var inboundId = upsert.GetProperty("data").GetProperty("key").GetProperty("id").GetString()!;
        Assert.False(upsert.GetProperty("data").GetProperty("key").GetProperty("fromMe").GetBoolean());
        await EventuallyAsync(async () =>
        {
            var found = await host.Http.PostAsJsonAsync($"/chat/findMessages/{Instance}", new { where = new { key = new { id = inboundId } } }, Ct);
            var records = JsonDocument.Parse(await found.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("messages").GetProperty("records");
            return records.GetArrayLength() == 1 && records[0].GetProperty("message").GetProperty("conversation").GetString() == Inbound;
        });
    }

    /// <summary>The first messages.upsert on <paramref name="topic"/> whose text is <paramref name="text"/>.</summary>
    private async Task<JsonElement> FirstUpsertAsync(string prefix, string topic, string text)
    {
        var configs = new KafkaClientConfigs(stack.KafkaSettings(prefix));
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(configs.Consumer("test-read", "reader-" + Guid.NewGuid().ToString("N"))).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Yield();
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false, Message.Value: { } value })
            {
                var root = JsonDocument.Parse(value).RootElement.Clone();
                if (root.GetProperty("data").TryGetProperty("message", out var message) && message.TryGetProperty("conversation", out var conversation)
                    && conversation.GetString() == text)
                {
                    return root;
                }
            }
        }

        throw new TimeoutException($"no messages.upsert with '{text}' on {topic} within 60 s");
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path) =>
        JsonDocument.Parse(await (await http.GetAsync(path, Ct)).Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("the condition did not hold within 60 s");
    }
}
