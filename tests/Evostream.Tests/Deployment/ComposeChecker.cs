using Evostream.Platform.Configuration;
using Evostream.Tests.Configuration;

namespace Evostream.Tests.Deployment;

/// <summary>
/// Checks a Compose file against the configuration code and against itself, and lists every disagreement in words
/// meant for whoever edits the file. An empty list means the file agrees; nothing here needs a Docker engine.
/// </summary>
internal sealed partial class ComposeChecker(ComposeFile compose, IReadOnlySet<string> dockerfileServices)
{
    private static readonly string[] s_pemVariables = ["KAFKA_SSL_CA", "KAFKA_SSL_CERT", "KAFKA_SSL_KEY"];

    private readonly List<string> _problems = [];

    public static IReadOnlyList<string> Check(ComposeFile compose, IReadOnlySet<string> dockerfileServices)
    {
        var checker = new ComposeChecker(compose, dockerfileServices);
        checker.CheckInterpolation();
        checker.CheckDependencies();
        foreach (var (service, kind) in checker.EvostreamServicesBuilt())
        {
            checker.CheckEvostreamService(service, kind);
        }

        checker.CheckSchemaRegistries();
        return [.. checker._problems.Distinct()];
    }

    private List<(ComposeService Service, string Kind)> EvostreamServicesBuilt()
    {
        var built = new List<(ComposeService Service, string Kind)>();
        foreach (var service in compose.Services.Values)
        {
            if (service.Build is not { } build)
            {
                continue;
            }

            if (build.Context is not ("." or "./") || build.Dockerfile != "Dockerfile")
            {
                Problem(service, $"builds from {build.Context}/{build.Dockerfile}; Evostream's images come from ./Dockerfile");
            }

            if (!build.Args.TryGetValue("SERVICE", out var kind) || !dockerfileServices.Contains(kind) || !EvostreamServices.All.ContainsKey(kind))
            {
                var accepted = string.Join(", ", dockerfileServices.Order(StringComparer.Ordinal));
                Problem(service, kind is null ? $"builds without a SERVICE build arg ({accepted})" : $"SERVICE build arg '{kind}' is not one the Dockerfile builds ({accepted})");
                continue;
            }

            built.Add((service, kind));
        }

        foreach (var kind in EvostreamServices.All.Keys)
        {
            var count = built.Count(b => b.Kind == kind);
            if (count != 1)
            {
                _problems.Add($"{count} services build SERVICE={kind}; expected exactly one");
            }
        }

        return built;
    }

    private void CheckEvostreamService(ComposeService service, string kind)
    {
        foreach (var name in service.Environment.Keys.Where(n => !KnownVariables.Names.Contains(n)))
        {
            Problem(service, $"{name} is not a variable Evostream reads (see src/Platform/Configuration/SettingsReader.cs)");
        }

        foreach (var name in EvostreamServices.RequiredVariables(kind).Where(n => !service.Environment.ContainsKey(n)))
        {
            Problem(service, $"{name} is missing, and {kind} needs it");
        }

        var environment = service.Environment.ToDictionary(kv => kv.Key, kv => Interpolation.Resolve(kv.Value), StringComparer.Ordinal);
        foreach (var name in s_pemVariables.Where(environment.ContainsKey))
        {
            if (!environment[name].Contains("-----BEGIN", StringComparison.Ordinal))
            {
                // A PEM file only exists once the stack runs; what can be checked now is that a volume brings it.
                if (MountHolding(service, environment[name]) is null)
                {
                    Problem(service, $"{name}={environment[name]} is not inside any volume the service mounts");
                }

                environment[name] = Pem.Certificate;
            }
        }

        EvostreamSettings settings;
        try
        {
            settings = new SettingsReader(environment.GetValueOrDefault).Read(EvostreamServices.All[kind]);
        }
        catch (ConfigurationException e)
        {
            foreach (var error in e.Errors)
            {
                Problem(service, error);
            }

            return;
        }

        CheckHttpPort(service, kind, settings);
        CheckKafkaClient(service, settings.Kafka, Interpolation.Resolve(service.Environment.GetValueOrDefault("KAFKA_SSL_CA") ?? ""));
        if (settings.DatabaseConnectionString is { } connectionString)
        {
            CheckDatabase(service, connectionString);
        }
    }

    private void CheckHttpPort(ComposeService service, string kind, EvostreamSettings settings)
    {
        if (kind != "Api")
        {
            return; // the only service that serves HTTP
        }

        var port = service.Ports.FirstOrDefault(p => p.Target == settings.ServerPort);
        if (port is null)
        {
            Problem(service, $"SERVER_PORT is {settings.ServerPort}, but the service publishes container port(s) {string.Join(", ", service.Ports.Select(p => p.Target))}");
        }
        else if (settings.ServerUrl.IsLoopback && port.Published is { } published && published != settings.ServerUrl.Port)
        {
            Problem(service, $"SERVER_URL {settings.ServerUrl} names port {settings.ServerUrl.Port}, but the API is published on {published}");
        }
    }

    /// <summary>
    /// Compose replaces every <c>$VAR</c> in the file before any container sees it: an unguarded reference silently
    /// becomes empty, and a secret written into the file would be committed with it.
    /// </summary>
    private void CheckInterpolation()
    {
        foreach (var service in compose.Services.Values)
        {
            foreach (var (name, raw) in service.Environment)
            {
                var references = Interpolation.References(raw).ToList();
                foreach (var reference in references.Where(r => r.Operator is null))
                {
                    Problem(service, $"{name} uses ${{{reference.Name}}} with neither a default (:-) nor a required check (:?)");
                }

                if (IsSecret(name) && !references.Any(Interpolation.IsRequired))
                {
                    Problem(service, $"{name} must come from the environment as ${{VARIABLE:?message}}, not be written in the file");
                }
            }

            foreach (var reference in service.Command.SelectMany(Interpolation.References).Where(r => r.Operator is null))
            {
                Problem(service, $"command uses ${reference.Name}, which Compose replaces before the container runs; write $${reference.Name}");
            }
        }
    }

    private static bool IsSecret(string name) =>
        name.EndsWith("PASSWORD", StringComparison.Ordinal) || name is "AUTHENTICATION_API_KEY" or "DATABASE_CONNECTION_URI";

    private void CheckDependencies()
    {
        foreach (var service in compose.Services.Values)
        {
            foreach (var (target, condition) in service.DependsOn)
            {
                if (!compose.Services.TryGetValue(target, out var dependency))
                {
                    Problem(service, $"depends on {target}, which is not a service");
                }
                else if (condition == "service_healthy" && !dependency.HasHealthcheck)
                {
                    Problem(service, $"waits for {target} to be healthy, but {target} has no healthcheck");
                }
            }
        }
    }

    private void RequireDependency(ComposeService service, string target, string condition)
    {
        if (service.DependsOn.GetValueOrDefault(target) != condition)
        {
            Problem(service, $"must start after {target}: depends_on {target} with condition {condition}");
        }
    }

    private bool DependsOnTransitively(ComposeService service, string target) =>
        service.DependsOn.Keys.Any(d => d == target || (compose.Services.TryGetValue(d, out var next) && DependsOnTransitively(next, target)));

    private static VolumeMount? MountHolding(ComposeService service, string path) =>
        service.Volumes.FirstOrDefault(v => path.StartsWith(v.Target.TrimEnd('/') + "/", StringComparison.Ordinal));

    private static string? Resolved(ComposeService service, string name) =>
        service.Environment.TryGetValue(name, out var raw) ? Interpolation.Resolve(raw) : null;

    private void Problem(ComposeService service, string message) => _problems.Add($"{service.Name}: {message}");
}
