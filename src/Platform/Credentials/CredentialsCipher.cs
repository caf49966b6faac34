using System.Security.Cryptography;
using System.Text;

namespace Evostream.Platform.Credentials;

/// <summary>
/// AES-256-GCM for secrets at rest: session credentials on the sessions topic and webhook header values. Sealed text
/// reads <c>enc:v1:&lt;key id&gt;:&lt;base64 of nonce, ciphertext, tag&gt;</c>; the key id says which key opens it,
/// and the associated data (the instance name) binds it to its instance so it cannot be replayed under another.
/// </summary>
public sealed class CredentialsCipher(CredentialKeys keys)
{
    public const string Prefix = "enc:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public string ActiveKeyId => keys.ActiveId;

    public static bool IsSealed(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    public string Seal(ReadOnlySpan<byte> plaintext, string associated)
    {
        var sealedBytes = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.Active, TagBytes);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes, plaintext.Length), sealedBytes.AsSpan(NonceBytes + plaintext.Length), Encoding.UTF8.GetBytes(associated));
        return $"{Prefix}{keys.ActiveId}:{Convert.ToBase64String(sealedBytes)}";
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
        if (!keys.TryGet(id, out var key))
        {
            throw new CryptographicException($"the value was sealed with key '{id}', which is not in EVOSTREAM_CREDENTIALS_KEYS (known: {string.Join(", ", keys.Ids)}).");
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

        var length = bytes.Length - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes, length), bytes.AsSpan(NonceBytes + length), plaintext, Encoding.UTF8.GetBytes(associated));
        return plaintext;
    }
}
