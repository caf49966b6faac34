using System.Text.RegularExpressions;

namespace Evostream.Tests.Deployment;

/// <summary>What the checks need from the Dockerfile: the SERVICE values it accepts and its base images.</summary>
internal sealed partial record DockerfileInfo(bool DeclaresServiceArg, IReadOnlySet<string> Services, IReadOnlyList<string> BaseImages)
{
    public static DockerfileInfo Parse(string text) => new(
        ServiceArg().IsMatch(text),
        ServiceCase().Match(text) is { Success: true } m ? m.Groups["values"].Value.Split('|').ToHashSet(StringComparer.Ordinal) : [],
        [.. From().Matches(text).Select(f => f.Groups["image"].Value)]);

    [GeneratedRegex(@"^ARG SERVICE\s*$", RegexOptions.Multiline)]
    private static partial Regex ServiceArg();

    // The guard that rejects any other value: case "$SERVICE" in Api|Connector|...) ;;
    [GeneratedRegex(@"case ""\$SERVICE"" in[\s\\]*(?<values>[A-Za-z0-9_|]+)\)")]
    private static partial Regex ServiceCase();

    [GeneratedRegex(@"^FROM\s+(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex From();
}
