using System.CommandLine;
using Evostream.Cli.Dev;
using Evostream.Cli.Instances;
using Evostream.Tests.Configuration;

namespace Evostream.Tests.Baileys;

/// <summary>The command line of the transport choice and of the import: bad values are refused by name.</summary>
public sealed class DevTransportFlagTests
{
    private static ParseResult Parse(string line) => new RootCommand { DevCommand.Create(), InstancesCommand.Create() }.Parse(line);

    [Fact]
    public void Dev_takes_real_or_simulator_and_refuses_anything_else()
    {
        Assert.Empty(Parse("dev --whatsapp real").Errors);
        Assert.Empty(Parse("dev --whatsapp simulator").Errors);
        var bad = Assert.Single(Parse("dev --whatsapp bogus").Errors);
        Assert.Contains("bogus", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_banner_says_which_network_runs()
    {
        Assert.Contains("SIMULATOR", DevStack.WhatsAppBanner(Env.Read(vars: ("EVOSTREAM_MODE", "dev")), 8080), StringComparison.Ordinal);
        var real = DevStack.WhatsAppBanner(Env.Read(vars: [("EVOSTREAM_MODE", "dev"), ("EVOSTREAM_WHATSAPP", "real")]), 8080);
        Assert.Contains("REAL", real, StringComparison.Ordinal);
        Assert.Contains("http://localhost:8080/instance/qr/", real, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_needs_a_name_and_a_folder()
    {
        Assert.Empty(Parse("instances import shop --baileys-auth ./auth").Errors);
        Assert.Contains(Parse("instances import shop").Errors, e => e.Message.Contains("--baileys-auth", StringComparison.Ordinal));
        Assert.NotEmpty(Parse("instances import --baileys-auth ./auth").Errors);
    }
}
