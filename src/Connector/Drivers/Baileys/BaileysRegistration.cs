using Evostream.Connector.Drivers.Baileys.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evostream.Connector.Drivers.Baileys;

public static class BaileysRegistration
{
    /// <summary>
    /// The replica's supervised sidecar and <see cref="BaileysDriver"/> (integration WHATSAPP-BAILEYS), also as
    /// <see cref="IWhatsAppDriver"/>. Options default to EVOSTREAM_BAILEYS_* from the environment. The container
    /// disposes the sidecar, ending its process.
    /// </summary>
    public static IServiceCollection AddBaileysTransport(this IServiceCollection services, BaileysOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => options ?? BaileysSettingsReader.FromEnvironment());
        services.TryAddSingleton<BaileysSidecar>();
        services.TryAddSingleton<BaileysDriver>();
        // One of possibly several transports; the connector picks by each instance's integration.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWhatsAppDriver, BaileysDriver>(sp => sp.GetRequiredService<BaileysDriver>()));
        return services;
    }
}
