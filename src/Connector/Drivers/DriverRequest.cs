using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers;

/// <param name="Command">The accepted command, as the contracts define it.</param>
/// <param name="MessageId">The WhatsApp key id for anything the command sends, derived from the command id.</param>
public sealed record DriverRequest(CommandEnvelope Command, string MessageId);
