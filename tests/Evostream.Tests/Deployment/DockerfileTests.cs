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
        // The SDK that restores and publishes and the runtime that loads the native libraries are one release; the
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
        Assert.All(["*", "src/", "schemas/", "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"], p => Assert.DoesNotContain(p, ignored));
    }

    [Fact]
    public void Services_use_the_redist_librdkafka_so_no_stage_installs_a_toolchain_or_builds_librdkafka()
    {
        // What the image used to install to compile librdkafka: none of it, nor any other package, is needed now.
        Assert.Empty(s_dockerfile.InstalledPackages);
        Assert.DoesNotContain(s_dockerfile.Instructions, i => i.Contains("librdkafka.sh", StringComparison.Ordinal) || i.Contains("EVOSTREAM_NATIVE_CACHE", StringComparison.Ordinal));

        var publish = Assert.Single(s_dockerfile.Instructions, i => i.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("ls /app/runtimes/linux-*/native/*librdkafka.so", publish, StringComparison.Ordinal);
        // The dev-only embedded infrastructure and its patched librdkafka stay out of the image.
        Assert.Contains("test ! -e /app/Evostream.Platform.Embedded.dll", publish, StringComparison.Ordinal);
        Assert.Contains("test ! -e /app/librdkafka-mock.so", publish, StringComparison.Ordinal);
        Assert.Contains(s_dockerfile.Instructions, i => i.StartsWith("RUN ", StringComparison.Ordinal) && i.Contains("ldd \"$lib\" | grep -q \"not found\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_parser_finds_installed_packages_across_continuation_lines_and_ignores_comments()
    {
        var info = DockerfileInfo.Parse("""
            FROM sdk AS build
            # RUN apt-get install -y commented-out
            RUN apt-get update \
             && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                  build-essential libssl-dev \
             && rm -rf /var/lib/apt/lists/*
            """);
        Assert.Equal(["build-essential", "libssl-dev"], info.InstalledPackages.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Connector")]
    [InlineData("CommandProcessor")]
    [InlineData("Projections")]
    public void No_service_references_the_dev_only_embedded_infrastructure(string service)
    {
        var closure = ProjectClosure(RepoRoot.File("src", service, $"{service}.csproj"));
        Assert.Contains(RepoRoot.File("src", "Platform", "Platform.csproj"), closure);
        Assert.DoesNotContain(RepoRoot.File("src", "Platform.Embedded", "Platform.Embedded.csproj"), closure);
    }

    [Fact]
    public void The_programs_that_host_the_embedded_broker_reference_it()
    {
        foreach (var host in new[] { "src/Cli/Cli.csproj", "bench/Evostream.Bench/Evostream.Bench.csproj", "tests/Evostream.Tests/Evostream.Tests.csproj" })
        {
            Assert.Contains(RepoRoot.File("src", "Platform.Embedded", "Platform.Embedded.csproj"), ProjectClosure(RepoRoot.File(host)));
        }
    }

    /// <summary>The project and every project it references, directly or not.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in System.Xml.Linq.XDocument.Load(current).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, (string)reference.Attribute("Include")!)));
            }
        }

        return seen;
    }
}
