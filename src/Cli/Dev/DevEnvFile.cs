namespace Evostream.Cli.Dev;

/// <summary>A shell-sourceable KEY='value' file.</summary>
internal static class DevEnvFile
{
    public static void Write(string path, IReadOnlyDictionary<string, string> values)
    {
        var lines = values.Select(kv => $"export {kv.Key}='{kv.Value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        File.WriteAllLines(path, ["# Written by ./evostream dev; source it to reach this stack.", .. lines]);
    }

    /// <summary>
    /// Sets each variable a running <c>./evostream dev</c> wrote to <paramref name="path"/> that the environment does not
    /// already set, so CLI commands reach that stack with the services' own configuration.
    /// </summary>
    public static void FillEnvironment(string path)
    {
        foreach (var name in new[] { "KAFKA_BROKERS", "DATABASE_CONNECTION_URI", "EVOSTREAM_MODE", "AUTHENTICATION_API_KEY", Platform.Credentials.CredentialKeysVariable.Name })
        {
            if (Environment.GetEnvironmentVariable(name) is null && ReadValue(path, name) is { } value)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
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
