using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evostream.Connector.Drivers.Baileys;

/// <summary>
/// Reads a folder written by Baileys' useMultiFileAuthState (creds.json plus one file per key) into the auth state
/// the sidecar takes (PROTOCOL.md, "The auth state"): the same files, folded into one document, names unchanged.
/// </summary>
public static class BaileysAuthFolder
{
    public const int Format = 1;

    /// <summary>The serialized auth state of a linked folder.</summary>
    /// <exception cref="InvalidDataException">The folder is not a linked Baileys auth state; the message says why.</exception>
    public static string Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidDataException($"'{folder}' is not a folder.");
        }

        var credsPath = Path.Combine(folder, "creds.json");
        if (!File.Exists(credsPath))
        {
            throw new InvalidDataException($"'{folder}' holds no creds.json: it is not a folder written by Baileys' useMultiFileAuthState.");
        }

        var creds = ParseObject(credsPath);
        if (creds["me"]?["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String || id.GetValue<string>().Length == 0)
        {
            throw new InvalidDataException($"{credsPath} has no me.id: this auth state was never linked to a phone (scan a QR code with it first).");
        }

        foreach (var required in new[] { "noiseKey", "signedIdentityKey", "signedPreKey", "advSecretKey" })
        {
            if (creds[required] is null)
            {
                throw new InvalidDataException($"{credsPath} has no {required}: it is not Baileys creds.");
            }
        }

        var keys = new JsonObject();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name != "creds")
            {
                keys[name] = ParseNode(file);
            }
        }

        return new JsonObject { ["v"] = Format, ["creds"] = creds, ["keys"] = keys }.ToJsonString();
    }

    /// <summary>The linked account's JID (creds.me.id) of a serialized auth state.</summary>
    public static string LinkedJid(string auth) => JsonNode.Parse(auth)?["creds"]?["me"]?["id"]?.GetValue<string>()
        ?? throw new InvalidDataException("the auth state has no creds.me.id.");

    private static JsonObject ParseObject(string path) =>
        ParseNode(path) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object.");

    private static JsonNode? ParseNode(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}");
        }
    }
}
