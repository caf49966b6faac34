using Evostream.Platform.Configuration;

namespace Evostream.Tests.Configuration;

/// <summary>A fake process environment for <see cref="SettingsReader"/>.</summary>
internal static class Env
{
    public static EvostreamSettings Read(Requirements requirements = Requirements.None, params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value);
        return new SettingsReader(name => map.GetValueOrDefault(name)).Read(requirements);
    }

    public static ConfigurationException Fails(Requirements requirements = Requirements.None, params (string Name, string Value)[] vars) =>
        Assert.Throws<ConfigurationException>(() => Read(requirements, vars));
}
