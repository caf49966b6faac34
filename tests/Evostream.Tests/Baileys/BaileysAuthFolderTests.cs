using System.Text;
using System.Text.Json.Nodes;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Baileys;
using Evostream.Connector.Drivers.Baileys.Hosting;
using Evostream.Tests.Contracts.Evolution;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evostream.Tests.Baileys;

/// <summary>Folders written by Baileys' own useMultiFileAuthState, read into the state the sidecar opens.</summary>
public sealed class BaileysAuthFolderTests
{
    private static readonly string s_sidecar = RepoRoot.File("src", "Connector", "Drivers", "Baileys", "sidecar");

    /// <summary>Has Baileys write a folder: fresh creds (linked when <paramref name="me"/> is given) and, with <paramref name="keys"/>, some keys.</summary>
    internal static async Task<string> WriteFolderAsync(string? me, CancellationToken ct, bool keys = true)
    {
        var folder = Directory.CreateTempSubdirectory("baileys-auth-").FullName;
        var script = $$"""
            import { useMultiFileAuthState } from 'baileys';
            const { state, saveCreds } = await useMultiFileAuthState(process.argv[1]);
            {{(me is null ? "" : $"state.creds.me = {{ id: '{me}' }};")}}
            await saveCreds();
            {{(keys ? "" : "process.exit(0);")}}
            await state.keys.set({ session: { '15551234567.0': Buffer.from([7, 8, 9]) }, 'pre-key': { 1: { public: Buffer.from([1]), private: Buffer.from([2]) } } });
            """;
        var node = ExternalTool.Require("node", "install Node.js 20 or later");
        var run = await ExternalTool.RunAsync(node, ["--input-type=module", "-e", script, folder], s_sidecar, TimeSpan.FromSeconds(60), ct);
        Assert.True(run.ExitCode == 0, run.ToString());
        return folder;
    }

    [Fact]
    public async Task A_linked_folder_becomes_an_auth_state_the_sidecar_opens_with_its_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = await WriteFolderAsync("15550000000:1@s.whatsapp.net", ct);
        var auth = BaileysAuthFolder.Read(folder);
        Assert.Equal("15550000000:1@s.whatsapp.net", BaileysAuthFolder.LinkedJid(auth));
        var keys = JsonNode.Parse(auth)!["keys"]!.AsObject();
        Assert.Equal(["pre-key-1", "session-15551234567.0"], keys.Select(k => k.Key).Order(StringComparer.Ordinal));

        // The sidecar takes it as linked (and starts connecting, to nowhere reachable here).
        await using var sidecar = new BaileysSidecar(
            new BaileysOptions(s_sidecar, "node", "ws://127.0.0.1:9/ws/chat", "silent", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)),
            NullLogger<BaileysSidecar>.Instance);
        var opened = await sidecar.RequestAsync("open", new JsonObject { ["session"] = "imported", ["auth"] = auth }, ct);
        Assert.True(opened["linked"]!.GetValue<bool>());
        Assert.Equal("15550000000:1@s.whatsapp.net", opened["me"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_folder_never_linked_is_refused_saying_so()
    {
        var folder = await WriteFolderAsync(null, TestContext.Current.CancellationToken);
        var e = Assert.Throws<InvalidDataException>(() => BaileysAuthFolder.Read(folder));
        Assert.Contains("never linked", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_creds_json_is_refused_saying_so()
    {
        var folder = Directory.CreateTempSubdirectory("baileys-auth-").FullName;
        File.WriteAllText(Path.Combine(folder, "session-1.0.json"), "{}");
        var e = Assert.Throws<InvalidDataException>(() => BaileysAuthFolder.Read(folder));
        Assert.Contains("no creds.json", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => BaileysAuthFolder.Read(Path.Combine(folder, "missing")));
        File.WriteAllText(Path.Combine(folder, "creds.json"), "{not json");
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => BaileysAuthFolder.Read(folder)).Message, StringComparison.Ordinal);
    }
}
