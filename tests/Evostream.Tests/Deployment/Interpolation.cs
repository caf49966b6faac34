using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Evostream.Tests.Deployment;

/// <summary>
/// Compose's variable syntax, resolved as <c>docker compose up</c> would with an empty environment plus a value for
/// every required variable: <c>${V:?msg}</c> gets a plausible secret, <c>${V:-x}</c> its default, <c>$$</c> a dollar.
/// </summary>
internal static partial class Interpolation
{
    public sealed record Reference(string Name, string? Operator);

    public static string Resolve(string raw) => Pattern().Replace(raw, m =>
    {
        if (m.Groups["escape"].Success)
        {
            return "$";
        }

        var name = m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["bare"].Value;
        return m.Groups["op"].Value switch
        {
            ":?" or "?" => PlausibleSecret(name),
            ":-" or "-" => m.Groups["arg"].Value,
            _ => "", // unset, as Compose leaves an unguarded ${V} (with a warning nobody reads)
        };
    });

    public static IEnumerable<Reference> References(string raw) =>
        Pattern().Matches(raw)
            .Where(m => !m.Groups["escape"].Success)
            .Select(m => m.Groups["name"].Success
                ? new Reference(m.Groups["name"].Value, m.Groups["op"].Success ? m.Groups["op"].Value : null)
                : new Reference(m.Groups["bare"].Value, null));

    public static bool IsRequired(Reference reference) => reference.Operator is ":?" or "?";

    /// <summary>Deterministic, so one variable used in two places resolves alike; 64 hex digits pass the API key rules.</summary>
    public static string PlausibleSecret(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    [GeneratedRegex(@"\$(?:(?<escape>\$)|\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?+])(?<arg>[^}]*))?\}|(?<bare>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Pattern();
}
