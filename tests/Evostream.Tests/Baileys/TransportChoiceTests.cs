using Evostream.Connector;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Baileys;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Microsoft.Extensions.Hosting;

namespace Evostream.Tests.Baileys;

/// <summary>
/// Which transport a connector registers for WHATSAPP-BAILEYS, decided by EvostreamSettings.SimulatorAllowed alone:
/// production never simulates unless asked, dev does unless told real, and a bad value stops start-up.
/// </summary>
public sealed class TransportChoiceTests
{
    private static IServiceProvider Connector(params (string Name, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KAFKA_BROKERS"] = "127.0.0.1:9",
            [CredentialKeysVariable.Name] = CredentialKeys.NewKeyText("t1"),
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Name, (string?)s.Value)));
        builder.AddConnector();
        return builder.Build().Services;
    }

    private static Dictionary<string, string> TransportsByIntegration(IServiceProvider services) =>
        new DriverSet(services.GetServices<IWhatsAppDriver>()).All.ToDictionary(d => d.Integration, d => d.Transport);

    [Fact]
    public void A_production_connector_has_no_simulator_and_runs_WhatsApp_Web_on_Baileys()
    {
        var services = Connector();
        Assert.Equal(new Dictionary<string, string> { ["WHATSAPP-BAILEYS"] = "baileys", ["WHATSAPP-BUSINESS"] = "cloud-api" }, TransportsByIntegration(services));
        Assert.IsType<BaileysDriver>(services.GetServices<IWhatsAppDriver>().Single(d => d.Integration == "WHATSAPP-BAILEYS"));
        Assert.True(new DriverSet(services.GetServices<IWhatsAppDriver>()).TryGet("", out var byDefault, out _));
        Assert.Equal("baileys", byDefault.Transport);
    }

    [Fact]
    public void The_simulator_runs_where_it_is_asked_for_and_only_there()
    {
        Assert.Equal("simulator", TransportsByIntegration(Connector(("EVOSTREAM_WHATSAPP", "simulator")))["WHATSAPP-BAILEYS"]);
        Assert.Equal("simulator", TransportsByIntegration(Connector(("EVOSTREAM_MODE", "dev")))["WHATSAPP-BAILEYS"]);
        Assert.Equal("baileys", TransportsByIntegration(Connector(("EVOSTREAM_MODE", "dev"), ("EVOSTREAM_WHATSAPP", "real")))["WHATSAPP-BAILEYS"]);
    }

    [Fact]
    public void A_bad_choice_stops_start_up_naming_the_variable()
    {
        var e = Assert.Throws<ConfigurationException>(() => Connector(("EVOSTREAM_WHATSAPP", "bogus")));
        Assert.Contains("EVOSTREAM_WHATSAPP='bogus'", e.Message, StringComparison.Ordinal);
        var url = Assert.Throws<ConfigurationException>(() => Connector(("EVOSTREAM_BAILEYS_WS_URL", "http://not-a-socket")));
        Assert.Contains("EVOSTREAM_BAILEYS_WS_URL", url.Message, StringComparison.Ordinal);
    }
}
