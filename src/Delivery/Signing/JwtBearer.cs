using System.Security.Cryptography;
using System.Text;

namespace Evostream.Delivery.Signing;

/// <summary>
/// Evolution's <c>jwt_key</c> header: it is not sent; instead <c>Authorization: Bearer</c> carries an HS256 JWT signed
/// with its value, claims <c>{iat, exp = iat + 600, app: "evolution", action: "webhook"}</c>.
/// </summary>
public static class JwtBearer
{
    public const string HeaderName = "jwt_key";

    private static readonly string s_header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);

    public static string Token(string key, long issuedAt)
    {
        var claims = Base64Url(Encoding.UTF8.GetBytes(
            $$"""{"iat":{{issuedAt}},"exp":{{issuedAt + 600}},"app":"evolution","action":"webhook"}"""));
        var signed = $"{s_header}.{claims}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
