using Evostream.Platform.Configuration;

namespace Evostream.Tests.Deployment;

/// <summary>The runnable services an image can be built for, and what each refuses to start without.</summary>
internal static class EvostreamServices
{
    // Mirrors the Requirements each service's registration passes to AddEvostreamPlatform.
    public static readonly IReadOnlyDictionary<string, Requirements> All = new Dictionary<string, Requirements>(StringComparer.Ordinal)
    {
        ["Api"] = Requirements.ApiKey | Requirements.Database,
        ["Connector"] = Requirements.None,
        ["CommandProcessor"] = Requirements.None,
        ["Projections"] = Requirements.Database,
        ["Delivery"] = Requirements.Database,
    };

    /// <summary>Variables a service must be given explicitly, because their defaults only suit a developer's machine.</summary>
    public static IEnumerable<string> RequiredVariables(string service)
    {
        yield return "KAFKA_BROKERS";
        if (All[service].HasFlag(Requirements.ApiKey))
        {
            yield return "AUTHENTICATION_API_KEY";
        }

        if (All[service].HasFlag(Requirements.Database))
        {
            yield return "DATABASE_CONNECTION_URI";
        }
    }
}
