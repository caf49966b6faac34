using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator.Execution;

/// <summary>Which commands reach WhatsApp. Lifecycle and configuration are the connector's own work.</summary>
internal static class CommandScope
{
    /// <summary>Why the driver does not execute this command, or null when it does.</summary>
    public static string? NotTheDrivers(CommandEnvelope.CommandOneofCase kind) => kind switch
    {
        CommandEnvelope.CommandOneofCase.CreateInstance or CommandEnvelope.CommandOneofCase.DeleteInstance =>
            "instance create and delete are the connector's records; the driver only opens and closes sessions (OpenAsync, DisposeAsync).",
        CommandEnvelope.CommandOneofCase.ConnectInstance or CommandEnvelope.CommandOneofCase.RestartInstance =>
            "connect and restart go through the session (ConnectAsync, or StopAsync then OpenAsync), not ExecuteAsync.",
        CommandEnvelope.CommandOneofCase.LogoutInstance => "logout goes through the session's LogoutAsync, not ExecuteAsync.",
        CommandEnvelope.CommandOneofCase.SetWebhook or CommandEnvelope.CommandOneofCase.SetKafka or CommandEnvelope.CommandOneofCase.SetWebsocket or CommandEnvelope.CommandOneofCase.SetSettings =>
            "webhook, kafka, websocket and settings are instance configuration the connector records; WhatsApp is not involved.",
        CommandEnvelope.CommandOneofCase.None => "the command envelope carries no command.",
        _ => null,
    };
}
