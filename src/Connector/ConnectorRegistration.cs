using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Baileys;
using Evostream.Connector.Drivers.CloudApi;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Events;
using Evostream.Connector.Execution;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Evostream.Connector;

public static class ConnectorRegistration
{
    public static IHostApplicationBuilder AddConnector(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddEvostreamPlatform(Requirements.None);
        var connector = new ConnectorSettingsReader(name => builder.Configuration[name]).Read(settings.Mode);
        builder.Services.AddHostedService<KafkaReadiness>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Each instance's integration picks its transport: WHATSAPP-BAILEYS runs on Baileys, or on the simulator where
        // the settings ask for it (EvostreamSettings.SimulatorAllowed, the one place that decides); never both.
        // WHATSAPP-BUSINESS always means the Cloud API.
        if (settings.SimulatorAllowed)
        {
            builder.Services.AddWhatsAppSimulator();
        }
        else
        {
            builder.Services.AddBaileysTransport(new BaileysSettingsReader(name => builder.Configuration[name]).Read());
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IWhatsAppDriver, CloudApiDriver>(sp =>
            CloudApiDriver.Create(sp.GetRequiredService<EvostreamSettings>().WaBusiness, sp.GetRequiredService<TimeProvider>())));
        builder.Services.AddSingleton(connector);
        builder.Services.AddSingleton(sp => Dependencies(sp, connector));
        builder.Services.AddHostedService<ConnectorService>();
        return builder;
    }

    private static ConnectorDependencies Dependencies(IServiceProvider sp, ConnectorSettings connector)
    {
        var settings = sp.GetRequiredService<EvostreamSettings>();
        var configs = sp.GetRequiredService<KafkaClientConfigs>();
        var records = new StageRecords(settings);
        var time = sp.GetRequiredService<TimeProvider>();
        return new ConnectorDependencies(
            new DriverSet(sp.GetServices<IWhatsAppDriver>()),
            records.CommandReader(),
            new EventWriter(records.Encoder, records.Publishing, time),
            new CredentialsCipher(connector.Keys),
            configs,
            new StageTopics(settings.Kafka.TopicPrefix),
            sp.GetRequiredService<TopicProvisioner>(),
            connector,
            time);
    }
}
