using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Evostream.Delivery.Signing;

/// <summary>
/// Standard Webhooks signatures over <c>id.timestamp.body</c>: <c>v1,</c> + base64 HMAC-SHA256 per symmetric secret
/// and <c>v1a,</c> + base64 Ed25519 per signing key, space-separated in <c>webhook-signature</c>. Several keys of each
/// kind sign at once, so a receiver keeps verifying while keys are rotated.
/// </summary>
public sealed class WebhookSigner(IReadOnlyList<byte[]> secrets, IReadOnlyList<Key> signingKeys)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public bool Signs(byte[]? extraSecret) => secrets.Count > 0 || signingKeys.Count > 0 || extraSecret is not null;

    /// <summary>The Ed25519 public keys receivers verify <c>v1a</c> with, raw and base64.</summary>
    public IReadOnlyList<string> PublicKeys { get; } =
        [.. signingKeys.Select(k => Convert.ToBase64String(k.PublicKey.Export(KeyBlobFormat.RawPublicKey)))];

    /// <param name="extraSecret">The webhook's own secret (its <c>secret</c> field), opened.</param>
    public string Sign(string id, long timestamp, ReadOnlySpan<byte> body, byte[]? extraSecret)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));

        var signatures = new List<string>(secrets.Count + signingKeys.Count + 1);
        foreach (var secret in extraSecret is null ? secrets : secrets.Append(extraSecret))
        {
            signatures.Add("v1," + Convert.ToBase64String(HMACSHA256.HashData(secret, content)));
        }

        foreach (var key in signingKeys)
        {
            signatures.Add("v1a," + Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, content)));
        }

        return string.Join(' ', signatures);
    }
}
