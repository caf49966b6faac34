using Evostream.Tests.Infrastructure;
namespace Evostream.Tests.Deployment;

public class DockerfileTests
{
    private static readonly DockerfileInfo s_dockerfile = DockerfileInfo.Parse(RepoRoot.Read("Dockerfile"));

    [Fact]
    public void Accepts_exactly_the_four_services_and_each_is_a_project_that_publishes_Evostream_dll()
    {
        Assert.True(s_dockerfile.DeclaresServiceArg);
        Assert.Equal(EvostreamServices.All.Keys.Order(StringComparer.Ordinal), s_dockerfile.Services.Order(StringComparer.Ordinal));
        foreach (var service in s_dockerfile.Services)
        {
            // The image publishes src/$SERVICE/$SERVICE.csproj and runs Evostream.$SERVICE.dll (Directory.Build.props' AssemblyName).
            var project = RepoRoot.File($"src/{service}/{service}.csproj");
            Assert.True(File.Exists(project), $"{project} is missing");
            Assert.DoesNotContain("<AssemblyName>", File.ReadAllText(project), StringComparison.Ordinal);
        }

        Assert.Contains("<AssemblyName>Evostream.$(MSBuildProjectName)</AssemblyName>", RepoRoot.Read("Directory.Build.props"), StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_and_runs_on_the_same_distribution_release()
    {
        // librdkafka is compiled in the sdk stage against the OpenSSL and SASL it will load in the runtime stage; the
        // Baileys sidecar's packages are installed in a Node stage of their own.
        Assert.Equal(3, s_dockerfile.BaseImages.Count);
        Assert.StartsWith("node:22-", s_dockerfile.BaseImages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", s_dockerfile.BaseImages[1], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", s_dockerfile.BaseImages[2], StringComparison.Ordinal);
        Assert.Equal(s_dockerfile.BaseImages[1].Split(':')[1], s_dockerfile.BaseImages[2].Split(':')[1]);
    }

    [Fact]
    public void Keeps_local_state_and_secrets_out_of_the_build_context()
    {
        var ignored = RepoRoot.Read(".dockerignore").Split('\n', StringSplitOptions.TrimEntries).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.All([".git", ".evostream/", "**/bin/", "**/obj/", "**/.env", "**/*.env"], p => Assert.Contains(p, ignored));
        // What the image build needs must stay in.
        Assert.All(["*", "src/", "eng/", "schemas/", "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"], p => Assert.DoesNotContain(p, ignored));
    }
}
