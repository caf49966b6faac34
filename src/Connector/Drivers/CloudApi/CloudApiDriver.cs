using Evostream.Platform.Configuration;

namespace Evostream.Connector.Drivers.CloudApi;

/// <summary>
/// Meta's WhatsApp Cloud API (integration WHATSAPP-BUSINESS): sends through the Graph API with the instance's access
/// token; inbound messages and statuses arrive through the Api's /webhook/meta. There is nothing to link and no way
/// to ask Meta whether a message id went out, so an interrupted send is reported, never repeated.
/// </summary>
public sealed class CloudApiDriver(GraphClient graph, TimeProvider time) : IWhatsAppDriver
{
    public string Integration => Integrations.Business;

    public string Transport => Transports.CloudApi;

    public DriverCapabilities Capabilities =>
        DriverCapabilities.SendText | DriverCapabilities.SendMedia | DriverCapabilities.SendInteractive
        | DriverCapabilities.Reactions | DriverCapabilities.ReadReceipts | DriverCapabilities.Templates;

    public ValueTask<IWhatsAppSession> OpenAsync(SessionStart start, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.Credentials is not { Length: > 0 } token)
        {
            throw new InvalidOperationException($"the Cloud API session of {start.Instance} has no access token; create the instance again with its token.");
        }

        if (start.Number.Length == 0)
        {
            throw new InvalidOperationException($"the Cloud API session of {start.Instance} has no phone number id (number).");
        }

        return ValueTask.FromResult<IWhatsAppSession>(
            new CloudApiSession(start.Instance, start.InstanceId, start.Number, start.BusinessId, System.Text.Encoding.UTF8.GetString(token.Span), graph, time));
    }

    public static CloudApiDriver Create(WaBusinessSettings settings, TimeProvider time, TimeSpan? timeout = null) =>
        new(new GraphClient(new HttpClient { Timeout = timeout ?? GraphClient.DefaultTimeout }, settings, time), time);
}
