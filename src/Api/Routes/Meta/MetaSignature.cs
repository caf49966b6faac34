using System.Security.Cryptography;
using System.Text;

namespace Evostream.Api.Routes.Meta;

/// <summary>
/// Meta's <c>X-Hub-Signature-256</c>: <c>sha256=</c> and the hex HMAC-SHA256 of the raw body under the app secret.
/// Computed over the bytes as received (never re-serialized JSON) and compared in constant time.
/// </summary>
public static class MetaSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static bool IsValid(string? header, ReadOnlySpan<byte> body, string appSecret)
    {
        ArgumentNullException.ThrowIfNull(appSecret);
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length != Prefix.Length + 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>The header value for <paramref name="body"/>, as Meta computes it.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string appSecret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));
}
