using System.Diagnostics.CodeAnalysis;

namespace Evostream.Connector.Drivers;

/// <summary>
/// The transports this connector has, by the integration each serves: an instance's <c>integration</c> picks its
/// driver, so a WHATSAPP-BUSINESS instance always runs on the Cloud API and nothing runs on a transport it did not ask for.
/// </summary>
public sealed class DriverSet
{
    private readonly Dictionary<string, IWhatsAppDriver> _byIntegration = new(StringComparer.Ordinal);

    public DriverSet(IEnumerable<IWhatsAppDriver> drivers)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        foreach (var driver in drivers)
        {
            if (!_byIntegration.TryAdd(driver.Integration, driver))
            {
                throw new InvalidOperationException(
                    $"two transports serve {driver.Integration}: {_byIntegration[driver.Integration].Transport} and {driver.Transport}; register one.");
            }
        }
    }

    public IReadOnlyCollection<IWhatsAppDriver> All => _byIntegration.Values;

    /// <summary>The driver of <paramref name="integration"/> (empty means Evolution's default), or why there is none.</summary>
    public bool TryGet(string integration, [NotNullWhen(true)] out IWhatsAppDriver? driver, [NotNullWhen(false)] out string? reason)
    {
        var name = Integrations.OrDefault(integration);
        if (_byIntegration.TryGetValue(name, out driver))
        {
            reason = null;
            return true;
        }

        reason = name switch
        {
            Integrations.Baileys =>
                "the WHATSAPP-BAILEYS integration's Baileys transport is not registered in this connector; "
                + "use WHATSAPP-BUSINESS (Meta's Cloud API), or run the simulator on purpose (./evostream dev, or EVOSTREAM_WHATSAPP=simulator)",
            Integrations.Business => "the WHATSAPP-BUSINESS integration's Cloud API transport is not registered in this connector",
            Integrations.Evolution => "the EVOLUTION integration (Evolution's own channel) is not supported by Evostream",
            _ => $"'{name}' is not an integration; use WHATSAPP-BAILEYS or WHATSAPP-BUSINESS",
        };
        return false;
    }
}
