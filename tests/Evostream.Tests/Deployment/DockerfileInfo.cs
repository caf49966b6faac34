using System.Text.RegularExpressions;

namespace Evostream.Tests.Deployment;

/// <summary>
/// What the checks need from the Dockerfile: the SERVICE values it accepts, its base images, the packages its
/// stages install, and its instructions with continuation lines joined (comments left out).
/// </summary>
internal sealed partial record DockerfileInfo(
    bool DeclaresServiceArg, IReadOnlySet<string> Services, IReadOnlyList<string> BaseImages, IReadOnlySet<string> InstalledPackages, IReadOnlyList<string> Instructions)
{
    public static DockerfileInfo Parse(string text)
    {
        var instructions = Continuation().Replace(string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))), " ")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new(
            ServiceArg().IsMatch(text),
            ServiceCase().Match(text) is { Success: true } m ? m.Groups["values"].Value.Split('|').ToHashSet(StringComparer.Ordinal) : [],
            [.. From().Matches(text).Select(f => f.Groups["image"].Value)],
            AptInstall().Matches(string.Join('\n', instructions))
                .SelectMany(i => i.Groups["packages"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith('-')))
                .ToHashSet(StringComparer.Ordinal),
            instructions);
    }

    [GeneratedRegex(@"\\\s*\n")]
    private static partial Regex Continuation();

    // apt-get install's arguments, up to the next shell operator.
    [GeneratedRegex(@"apt-get install (?<packages>[^&;|]*)")]
    private static partial Regex AptInstall();

    [GeneratedRegex(@"^ARG SERVICE\s*$", RegexOptions.Multiline)]
    private static partial Regex ServiceArg();

    // The guard that rejects any other value: case "$SERVICE" in Api|Connector|...) ;;
    [GeneratedRegex(@"case ""\$SERVICE"" in[\s\\]*(?<values>[A-Za-z0-9_|]+)\)")]
    private static partial Regex ServiceCase();

    [GeneratedRegex(@"^FROM\s+(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex From();
}
