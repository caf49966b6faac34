using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Connector.Drivers.Simulator.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evostream.Connector.Drivers.Simulator;

public static class SimulatorRegistration
{
    /// <summary>
    /// The simulated network (one per process), the driver as <see cref="IWhatsAppDriver"/> and the control surface.
    /// Options default to EVOSTREAM_SIMULATOR_* from the environment; the clock to <see cref="TimeProvider.System"/>.
    /// </summary>
    public static IServiceCollection AddWhatsAppSimulator(this IServiceCollection services, SimulatorOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => options ?? SimulatorSettingsReader.FromEnvironment());
        services.TryAddSingleton(sp => new SimulatorNetwork(sp.GetRequiredService<SimulatorOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SimulatorDriver>();
        // One of possibly several transports; the connector picks by each instance's integration.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWhatsAppDriver, SimulatorDriver>(sp => sp.GetRequiredService<SimulatorDriver>()));
        services.TryAddSingleton<SimulatorControl>();
        return services;
    }
}
