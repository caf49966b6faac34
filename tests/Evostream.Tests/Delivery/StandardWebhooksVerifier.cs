using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Evostream.Tests.Delivery;

/// <summary>
/// A receiver's check, written from the Standard Webhooks specification and independent of the product's signer:
/// the signed content is <c>{webhook-id}.{webhook-timestamp}.{body}</c>; <c>webhook-signature</c> holds
/// space-separated <c>version,base64</c> entries; <c>v1</c> is HMAC-SHA256 keyed with the base64-decoded part of a
/// <c>whsec_</c> secret, <c>v1a</c> is Ed25519. One matching entry is enough.
/// </summary>
internal static class StandardWebhooksVerifier
{
    public static bool VerifiesV1(ReceivedWebhook hook, string whsecSecret)
    {
        var key = Convert.FromBase64String(whsecSecret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Content(hook)));
        return Entries(hook, "v1").Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }

    public static bool VerifiesV1a(ReceivedWebhook hook, byte[] ed25519PublicKey)
    {
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, ed25519PublicKey, KeyBlobFormat.RawPublicKey);
        return Entries(hook, "v1a").Any(s => SignatureAlgorithm.Ed25519.Verify(key, Content(hook), Convert.FromBase64String(s)));
    }

    private static byte[] Content(ReceivedWebhook hook) =>
        [.. Encoding.UTF8.GetBytes($"{hook.Headers["webhook-id"]}.{hook.Headers["webhook-timestamp"]}."), .. hook.Body];

    private static IEnumerable<string> Entries(ReceivedWebhook hook, string version) =>
        hook.Headers.GetValueOrDefault("webhook-signature", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split(',', 2)).Where(p => p.Length == 2 && p[0] == version).Select(p => p[1]);
}
