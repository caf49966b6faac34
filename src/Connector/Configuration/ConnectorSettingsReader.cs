using System.Globalization;
using Evostream.Platform.Credentials;
using Evostream.Platform.Configuration;

namespace Evostream.Connector.Configuration;

/// <summary>Reads <see cref="ConnectorSettings"/> from EVOSTREAM_* variables, naming every bad one before failing.</summary>
public sealed class ConnectorSettingsReader(Func<string, string?> lookup)
{
    public const string KeysVariable = CredentialKeysVariable.Name;

    private readonly List<string> _errors = [];

    /// <exception cref="ConfigurationException">Naming each offending variable.</exception>
    public ConnectorSettings Read(RunMode mode)
    {
        _errors.Clear();
        var (replica, replicaError) = SharedVariables.ReadReplicaId(lookup, Environment.MachineName);
        if (replicaError is not null)
        {
            _errors.Add(replicaError);
        }

        var input = Get("EVOSTREAM_CONNECTOR_INPUT") switch
        {
            null or "accepted" => ConnectorInput.AcceptedCommands,
            // The raw commands topic holds each instance wherever its producer's partitioner put it (librdkafka's
            // default is CRC32, not murmur2), so a connector reading it would meet instances away from their
            // sessions and ledger. Only the processor's output is partitioned by instance home.
            "commands" => Bad(ConnectorInput.AcceptedCommands, "EVOSTREAM_CONNECTOR_INPUT='commands' is no longer supported: the raw commands topic "
                + "is partitioned by whatever partitioner each producer used, so the connector would execute an instance away from its state; "
                + "it reads 'accepted', the command processor's output, where every instance is on its home partition. Remove the variable."),
            var other => Bad(ConnectorInput.AcceptedCommands, $"EVOSTREAM_CONNECTOR_INPUT='{other}': expected 'accepted' (the command processor's output)."),
        };

        var batch = 200;
        if (Get("EVOSTREAM_CONNECTOR_BATCH") is { } rawBatch
            && (!int.TryParse(rawBatch, NumberStyles.None, CultureInfo.InvariantCulture, out batch) || batch is < 1 or > 10_000))
        {
            _errors.Add($"EVOSTREAM_CONNECTOR_BATCH='{rawBatch}': expected a whole number from 1 to 10000.");
            batch = 200;
        }

        var keys = Keys(mode);
        if (_errors.Count > 0)
        {
            throw new ConfigurationException([.. _errors]);
        }

        return new ConnectorSettings(replica, input, keys!, batch);
    }

    private CredentialKeys? Keys(RunMode mode) => CredentialKeysVariable.Read(lookup, mode, required: true, _errors);

    private T Bad<T>(T fallback, string error)
    {
        _errors.Add(error);
        return fallback;
    }

    private string? Get(string name) => lookup(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
