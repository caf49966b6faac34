namespace Evostream.Connector.Drivers;

/// <param name="Instance">The instance name (the Kafka key of everything it produces).</param>
/// <param name="InstanceId">The instance's uuid.</param>
/// <param name="Credentials">The transport's own session blob, already decrypted; null for a fresh, unlinked session.</param>
/// <param name="Number">The instance's configured number: for the Cloud API, the phone number id it sends from.</param>
/// <param name="BusinessId">For the Cloud API, the WABA id whose message templates the instance manages.</param>
public sealed record SessionStart(string Instance, string InstanceId, ReadOnlyMemory<byte>? Credentials, string Number = "", string BusinessId = "");
