using System.Security.Cryptography;
using System.Text;

namespace Evostream.Api.Auth;

/// <summary>Instance tokens are stored and compared as SHA-256 digests, never as themselves.</summary>
public static class TokenHash
{
    public static string Hex(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time over equal-length digests, so neither the content nor the length of a key leaks.</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    public static bool MatchesHex(string presentedHex, string storedHex) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presentedHex), Encoding.ASCII.GetBytes(storedHex));
}
