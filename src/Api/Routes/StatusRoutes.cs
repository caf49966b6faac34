using System.Reflection;
using Evostream.Platform.Configuration;

namespace Evostream.Api.Routes;

public static class StatusEndpoint
{
    public static readonly string Version =
        typeof(StatusEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public sealed record Welcome(string Status, string Message, string Version, string ClientName, string Documentation);

    /// <summary>Evolution's welcome document, so health checks written for it keep working.</summary>
    public static void MapStatus(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/", (EvostreamSettings settings) => TypedResults.Ok(new Welcome(
            "ok", "Welcome to Evostream, it is working!", Version, "evostream", new Uri(settings.ServerUrl, "/docs").ToString())));
}
