using System.Security.Cryptography;
using System.Text;

namespace Evostream.Platform.Hosting;

/// <summary>
/// The one check of a presented API key (<c>AUTHENTICATION_API_KEY</c>), for every HTTP surface that takes it: the
/// Api's routes, the dev stack's simulator control and its topics endpoint.
/// </summary>
public static class ApiKey
{
    /// <summary>Evolution's header name for the key.</summary>
    public const string Header = "apikey";

    /// <summary>
    /// Constant-time over SHA-256 digests, which always have the same length, so a wrong guess learns neither how much
    /// of the key it got right nor how long the key is (comparing the keys' own bytes would stop early on a length
    /// mismatch). An empty expected key matches nothing.
    /// </summary>
    public static bool Matches(string presented, string expected) =>
        expected.Length > 0
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
