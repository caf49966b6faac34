using System.Reflection;
using Evostream.Platform.Configuration;

namespace Evostream.Connector.Drivers.Baileys;

/// <summary>Reads <see cref="BaileysOptions"/> from EVOSTREAM_BAILEYS_*, naming every bad value.</summary>
public sealed class BaileysSettingsReader(Func<string, string?> lookup)
{
    /// <summary>Where a published image (the Dockerfile) puts the sidecar: beside the program.</summary>
    public const string PublishedFolder = "baileys-sidecar";

    private static readonly string[] s_levels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

    public static BaileysOptions FromEnvironment() => new BaileysSettingsReader(Environment.GetEnvironmentVariable).Read();

    /// <exception cref="ConfigurationException">One or more variables are invalid.</exception>
    public BaileysOptions Read()
    {
        List<string> errors = [];
        var url = Value("EVOSTREAM_BAILEYS_WS_URL");
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss"))
        {
            errors.Add($"EVOSTREAM_BAILEYS_WS_URL='{url}': expected a ws:// or wss:// URL.");
        }

        var level = Value("EVOSTREAM_BAILEYS_LOG_LEVEL") ?? "warn";
        if (!s_levels.Contains(level))
        {
            errors.Add($"EVOSTREAM_BAILEYS_LOG_LEVEL='{level}': expected one of {string.Join(", ", s_levels)}.");
        }

        var directory = Value("EVOSTREAM_BAILEYS_SIDECAR_DIR") ?? DefaultDirectory();
        if (directory is null || !File.Exists(Path.Combine(directory, "src", "main.js")))
        {
            errors.Add(directory is null
                ? $"the Baileys sidecar was not found: set EVOSTREAM_BAILEYS_SIDECAR_DIR to the folder holding its package.json (src/Connector/Drivers/Baileys/sidecar in the repository, {PublishedFolder}/ beside a published program)."
                : $"EVOSTREAM_BAILEYS_SIDECAR_DIR='{directory}': no src/main.js there.");
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return new BaileysOptions(directory!, Value("EVOSTREAM_BAILEYS_NODE") ?? "node", url, level, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
    }

    private string? Value(string name) => string.IsNullOrWhiteSpace(lookup(name)) ? null : lookup(name)!.Trim();

    /// <summary>Beside the program when published; otherwise the source folder the build installed it in.</summary>
    private static string? DefaultDirectory()
    {
        var published = Path.Combine(AppContext.BaseDirectory, PublishedFolder);
        if (File.Exists(Path.Combine(published, "src", "main.js")))
        {
            return published;
        }

        return typeof(BaileysSettingsReader).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BaileysSidecarSource")?.Value;
    }
}
