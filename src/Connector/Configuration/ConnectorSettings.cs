using Evostream.Platform.Credentials;

namespace Evostream.Connector.Configuration;

/// <summary>What the connector stage reads beyond the shared settings.</summary>
/// <param name="ReplicaId">Stable per replica (EVOSTREAM_REPLICA_ID, default the host name): a restarted replica fences its predecessor's transactions.</param>
/// <param name="Input">Which commands topic to execute: only the command processor's accepted commands, home-partitioned by instance.</param>
/// <param name="Keys">Credential keys, the active one first.</param>
/// <param name="MaxBatch">Commands per transaction at most (EVOSTREAM_CONNECTOR_BATCH).</param>
public sealed record ConnectorSettings(
    string ReplicaId,
    ConnectorInput Input,
    CredentialKeys Keys,
    int MaxBatch);

public enum ConnectorInput { AcceptedCommands }
