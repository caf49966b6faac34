using System.Security.Cryptography;
using System.Text;

namespace Evostream.Api.Auth;

/// <summary>Instance tokens are stored and compared as SHA-256 digests, never as themselves.</summary>
public static class TokenHash
{
    public static string Hex(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool MatchesHex(string presentedHex, string storedHex) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presentedHex), Encoding.ASCII.GetBytes(storedHex));
}
