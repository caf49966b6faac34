using Evostream.Connector.Drivers.Simulator;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Evostream.Connector;

public static class ConnectorRegistration
{
    public static IHostApplicationBuilder AddConnector(this IHostApplicationBuilder builder)
    {
        builder.AddEvostreamPlatform(Requirements.None);
        builder.Services.AddHostedService<KafkaReadiness>();
        builder.Services.AddWhatsAppSimulator();
        return builder;
    }
}
