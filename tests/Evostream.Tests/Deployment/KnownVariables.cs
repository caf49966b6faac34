using Evostream.Platform.Configuration;

namespace Evostream.Tests.Deployment;

/// <summary>
/// Every variable <see cref="SettingsReader"/> looks up, learnt by running it rather than from a list that could
/// drift. Some names are read only on a branch (the SASL credentials once SASL is on), so those branches are opened.
/// </summary>
internal static class KnownVariables
{
    public static readonly IReadOnlySet<string> Names = Record();

    private static HashSet<string> Record()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>[] environments = [[], new() { ["KAFKA_SASL_ENABLED"] = "true", ["KAFKA_SSL_ENABLED"] = "true" }];
        foreach (var environment in environments)
        {
            var reader = new SettingsReader(name =>
            {
                names.Add(name);
                return environment.GetValueOrDefault(name);
            });
            // Missing credentials make these environments invalid; only the names looked up matter here.
            Assert.Throws<ConfigurationException>(() => reader.Read(Requirements.ApiKey | Requirements.Database));
        }

        return names;
    }
}
