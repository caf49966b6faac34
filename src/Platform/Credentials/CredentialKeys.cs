using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Evostream.Platform.Credentials;

/// <summary>
/// AES-256 keys by id. The first seals; every one opens, so a key is rotated by putting a new one first and
/// keeping the old one listed until everything it sealed has been rewritten.
/// </summary>
public sealed class CredentialKeys
{
    public const int KeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys;

    private CredentialKeys(string activeId, Dictionary<string, byte[]> keys)
    {
        ActiveId = activeId;
        _keys = keys;
    }

    public string ActiveId { get; }

    public IReadOnlyCollection<string> Ids => _keys.Keys;

    internal byte[] Active => _keys[ActiveId];

    internal bool TryGet(string id, [NotNullWhen(true)] out byte[]? key) => _keys.TryGetValue(id, out key);

    public static CredentialKeys Generate(string id) => new(id, new Dictionary<string, byte[]>(StringComparer.Ordinal) { [id] = RandomNumberGenerator.GetBytes(KeyBytes) });

    /// <summary>The variable's form for a new random key: <c>&lt;id&gt;:&lt;base64&gt;</c>.</summary>
    public static string NewKeyText(string id) => $"{id}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes))}";

    /// <summary>Parses <c>k2:&lt;base64&gt;,k1:&lt;base64&gt;</c>; errors name the key id, never the key.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out CredentialKeys? keys, [NotNullWhen(false)] out string? error)
    {
        keys = null;
        var parsed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? active = null;
        var position = 0;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            position++;
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"entry {position} is not '<key id>:<base64 key>'.";
                return false;
            }

            var id = part[..colon];
            if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                error = $"key id '{id}' may hold only letters, digits, '-' and '_'.";
                return false;
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(part[(colon + 1)..]);
            }
            catch (FormatException)
            {
                error = $"key '{id}' is not valid base64.";
                return false;
            }

            if (key.Length != KeyBytes)
            {
                error = $"key '{id}' is {key.Length} bytes; AES-256 needs exactly {KeyBytes}.";
                return false;
            }

            if (!parsed.TryAdd(id, key))
            {
                error = $"key id '{id}' appears twice.";
                return false;
            }

            active ??= id;
        }

        if (active is null)
        {
            error = "no key given.";
            return false;
        }

        keys = new CredentialKeys(active, parsed);
        error = null;
        return true;
    }

    // Keeps key material out of logs and exception messages.
    public override string ToString() => $"CredentialKeys {{ Active = {ActiveId}, Ids = {string.Join(",", Ids)} }}";
}
