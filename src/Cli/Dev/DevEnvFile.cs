namespace Evostream.Cli.Dev;

/// <summary>A shell-sourceable KEY='value' file.</summary>
internal static class DevEnvFile
{
    public static void Write(string path, IReadOnlyDictionary<string, string> values)
    {
        var lines = values.Select(kv => $"export {kv.Key}='{kv.Value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        File.WriteAllLines(path, ["# Written by ./evostream dev; source it to reach this stack.", .. lines]);
    }

    public static string? ReadValue(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var prefix = $"export {name}='";
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.EndsWith('\''));
        return line?[prefix.Length..^1];
    }
}
