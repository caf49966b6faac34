using System.Runtime.Versioning;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Deployment;

/// <summary>docker-compose.kafka.yml agrees with the configuration code; nothing here needs a Docker engine.</summary>
public class ComposeFileTests
{
    private const string FileName = "docker-compose.kafka.yml";

    [Fact]
    public void Agrees_with_the_configuration_code_and_with_itself()
    {
        var problems = ComposeChecker.Check(ComposeFile.Parse(RepoRoot.Read(FileName)), DockerfileInfo.Parse(RepoRoot.Read("Dockerfile")).Services);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Builds_the_four_services_from_the_Dockerfile()
    {
        var built = ComposeFile.Parse(RepoRoot.Read(FileName)).Services.Values
            .Where(s => s.Build is not null)
            .Select(s => s.Build!.Args["SERVICE"])
            .Order(StringComparer.Ordinal);
        Assert.Equal(EvostreamServices.All.Keys.Order(StringComparer.Ordinal), built);
    }

    [Fact]
    public void Secures_one_service_with_SASL_SSL()
    {
        // The PLAINTEXT listener alone would leave the secure path, the one managed clusters need, untried.
        var secure = ComposeFile.Parse(RepoRoot.Read(FileName)).Services.Values
            .Where(s => s.Build is not null && s.Environment.GetValueOrDefault("KAFKA_SASL_ENABLED") == "true" && s.Environment.GetValueOrDefault("KAFKA_SSL_ENABLED") == "true");
        Assert.NotEmpty(secure);
    }

    [Fact]
    public void Requires_exactly_the_secrets_eng_compose_env_writes()
    {
        var compose = ComposeFile.Parse(RepoRoot.Read(FileName));
        var required = compose.Services.Values
            .SelectMany(s => s.Environment.Values.Concat(s.Command))
            .SelectMany(Interpolation.References)
            .Where(Interpolation.IsRequired)
            .Select(r => r.Name)
            .ToHashSet(StringComparer.Ordinal);

        var envFile = Path.Combine(Directory.CreateTempSubdirectory("evostream-compose-env").FullName, "compose.env");
        Assert.Equal(envFile, Script.Run("bash", "eng/compose-env.sh", envFile).Trim());
        var written = File.ReadAllLines(envFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

        Assert.Equal(required.Order(StringComparer.Ordinal), written.Keys.Order(StringComparer.Ordinal));
        Assert.All(written.Values, v => Assert.Matches("^[0-9a-f]{64}$", v));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // a bash script guarding a secrets file with Unix permissions
    public void Compose_env_keeps_the_secrets_it_wrote()
    {
        var envFile = Path.Combine(Directory.CreateTempSubdirectory("evostream-compose-env").FullName, "compose.env");
        Script.Run("bash", "eng/compose-env.sh", envFile);
        var first = File.ReadAllText(envFile);
        Script.Run("bash", "eng/compose-env.sh", envFile);
        Assert.Equal(first, File.ReadAllText(envFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envFile));
    }
}
