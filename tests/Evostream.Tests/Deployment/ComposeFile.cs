using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Evostream.Tests.Deployment;

/// <summary>
/// The parts of a Compose file the deployment checks read, in both of Compose's spellings (list or map, short or
/// long syntax). Values are kept as written: interpolation is the checker's business.
/// </summary>
internal sealed record ComposeFile(IReadOnlyDictionary<string, ComposeService> Services)
{
    public static ComposeFile Parse(string yaml)
    {
        var stream = new YamlStream();
        // Merge keys (<<: *anchor) are how the file shares environment blocks; Compose resolves them, so must we.
        stream.Load(new MergingParser(new Parser(new StringReader(yaml))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var services = Child(root, "services") as YamlMappingNode ?? throw new FormatException("No services: mapping.");
        return new ComposeFile(services.Children.ToDictionary(
            kv => Text(kv.Key),
            kv => ParseService(Text(kv.Key), (YamlMappingNode)kv.Value),
            StringComparer.Ordinal));
    }

    private static ComposeService ParseService(string name, YamlMappingNode node) => new(
        name,
        Child(node, "build") switch
        {
            null => null,
            YamlScalarNode context => new BuildSpec(Text(context), "Dockerfile", new Dictionary<string, string>()),
            var build => new BuildSpec(
                Child(build, "context") is { } c ? Text(c) : ".",
                Child(build, "dockerfile") is { } d ? Text(d) : "Dockerfile",
                ListOrDict(Child(build, "args"))),
        },
        ListOrDict(Child(node, "environment")),
        Child(node, "command") switch
        {
            null => [],
            YamlSequenceNode list => [.. list.Children.Select(Text)],
            var single => [Text(single)],
        },
        [.. Items(Child(node, "ports")).Select(Port)],
        [.. Items(Child(node, "volumes")).Select(Volume)],
        Child(node, "depends_on") switch
        {
            null => new Dictionary<string, string>(),
            YamlSequenceNode list => list.Children.ToDictionary(Text, _ => "service_started"),
            var map => ((YamlMappingNode)map).Children.ToDictionary(
                kv => Text(kv.Key),
                kv => Child(kv.Value, "condition") is { } condition ? Text(condition) : "service_started"),
        },
        Child(node, "healthcheck") is YamlMappingNode health && Child(health, "disable") is null);

    private static PortMapping Port(YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            return new PortMapping(Child(map, "published") is { } p ? Number(Text(p)) : null, Number(Text(Child(map, "target")!)));
        }

        // [ip:][published:]target[/protocol]
        var parts = Text(node).Split('/')[0].Split(':');
        return new PortMapping(parts.Length > 1 ? Number(parts[^2]) : null, Number(parts[^1]));
    }

    private static VolumeMount Volume(YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            return new VolumeMount(Child(map, "source") is { } s ? Text(s) : "", Text(Child(map, "target")!));
        }

        var parts = Text(node).Split(':');
        return parts.Length == 1 ? new VolumeMount("", parts[0]) : new VolumeMount(parts[0], parts[1]);
    }

    private static Dictionary<string, string> ListOrDict(YamlNode? node) => node switch
    {
        null => new Dictionary<string, string>(StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(Text).ToDictionary(
            item => item.Split('=', 2)[0],
            item => item.Contains('=', StringComparison.Ordinal) ? item.Split('=', 2)[1] : "",
            StringComparer.Ordinal),
        _ => ((YamlMappingNode)node).Children.ToDictionary(kv => Text(kv.Key), kv => Text(kv.Value), StringComparer.Ordinal),
    };

    private static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode list ? list.Children : [];

    private static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string Text(YamlNode node) =>
        node is YamlScalarNode { Value: var value } ? value ?? "" : throw new FormatException($"Expected a scalar at {node.Start}.");

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}

internal sealed record ComposeService(
    string Name,
    BuildSpec? Build,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Command,
    IReadOnlyList<PortMapping> Ports,
    IReadOnlyList<VolumeMount> Volumes,
    IReadOnlyDictionary<string, string> DependsOn,
    bool HasHealthcheck);

internal sealed record BuildSpec(string Context, string Dockerfile, IReadOnlyDictionary<string, string> Args);

internal sealed record PortMapping(int? Published, int Target);

internal sealed record VolumeMount(string Source, string Target);
