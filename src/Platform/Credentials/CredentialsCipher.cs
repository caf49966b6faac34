using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

using NSec.Cryptography;

namespace Evostream.Platform.Credentials;

/// <summary>
/// AES-256-GCM for secrets at rest: session credentials on the sessions topic and webhook header values. Sealed text
/// reads <c>enc:v1:&lt;key id&gt;:&lt;base64 of nonce, ciphertext, tag&gt;</c>; the key id says which key opens it,
/// and the associated data (the instance name) binds it to its instance so it cannot be replayed under another.
/// The cipher is libsodium's, through NSec; the layout (12-byte nonce, ciphertext, 16-byte tag) is the one the BCL's
/// AesGcm wrote before, so values sealed then still open.
/// </summary>
public sealed class CredentialsCipher
{
    public const string Prefix = "enc:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly CredentialKeys _keys;
    private readonly Aes256Gcm _aes;

    // Each key is imported once into libsodium's guarded memory (an import costs page allocations and locking) and
    // kept as long as the cipher, like the key material in CredentialKeys; its handle frees it when collected.
    private readonly ConcurrentDictionary<string, Key> _imported = new(StringComparer.Ordinal);

    /// <exception cref="PlatformNotSupportedException">The CPU has no AES instructions libsodium can use.</exception>
    public CredentialsCipher(CredentialKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        // libsodium's AES-GCM needs the CPU's AES instructions; without them refuse at start, not at the first secret.
        _aes = Aes256Gcm.IsSupported
            ? AeadAlgorithm.Aes256Gcm
            : throw new PlatformNotSupportedException("AES-256-GCM (credentials at rest) needs a CPU with AES instructions (AES-NI or ARMv8 crypto extensions); libsodium finds none on this machine.");
        _keys = keys;
    }

    public string ActiveKeyId => _keys.ActiveId;

    public static bool IsSealed(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    public string Seal(ReadOnlySpan<byte> plaintext, string associated)
    {
        var sealedBytes = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        // NSec has no public random generator; the BCL's is the operating system's CSPRNG.
        RandomNumberGenerator.Fill(nonce);
        var key = Imported(_keys.ActiveId, _keys.Active);
        // NSec writes the ciphertext with its tag appended: exactly the rest of the layout.
        _aes.Encrypt(key, nonce, Encoding.UTF8.GetBytes(associated), plaintext, sealedBytes.AsSpan(NonceBytes));
        return $"{Prefix}{_keys.ActiveId}:{Convert.ToBase64String(sealedBytes)}";
    }

    public string SealText(string plaintext, string associated) => Seal(Encoding.UTF8.GetBytes(plaintext), associated);

    /// <exception cref="CryptographicException">Not sealed text, an unknown key id, or it was tampered with or belongs to another instance.</exception>
    public byte[] Open(string sealedText, string associated)
    {
        if (!IsSealed(sealedText))
        {
            throw new CryptographicException("the value is not sealed (expected 'enc:v1:<key id>:<base64>').");
        }

        var rest = sealedText.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            throw new CryptographicException("the sealed value has no key id.");
        }

        var id = rest[..colon].ToString();
        if (!_keys.TryGet(id, out var key))
        {
            throw new CryptographicException($"the value was sealed with key '{id}', which is not in EVOSTREAM_CREDENTIALS_KEYS (known: {string.Join(", ", _keys.Ids)}).");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(rest[(colon + 1)..].ToString());
        }
        catch (FormatException)
        {
            throw new CryptographicException("the sealed value is not valid base64.");
        }

        if (bytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("the sealed value is too short.");
        }

        var plaintext = new byte[bytes.Length - NonceBytes - TagBytes];
        return _aes.Decrypt(Imported(id, key), bytes.AsSpan(0, NonceBytes), Encoding.UTF8.GetBytes(associated), bytes.AsSpan(NonceBytes), plaintext)
            ? plaintext
            : throw new CryptographicException($"the sealed value does not open with key '{id}': it was altered, or sealed for another instance.");
    }

    private Key Imported(string id, byte[] material) =>
        _imported.GetOrAdd(id, static (_, state) => Key.Import(state.Aes, state.Material, KeyBlobFormat.RawSymmetricKey), (Aes: _aes, Material: material));
}
