using System.Security.Cryptography;
using Evostream.Connector.Drivers;
using Evostream.Connector.Sessions;
using Evostream.Contracts.V1;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Logging;

namespace Evostream.Connector.Execution;

public sealed partial class ConnectorTask
{
    private async Task<IWhatsAppSession> OpenAsync(OwnedInstance instance, CancellationToken ct)
    {
        ReadOnlyMemory<byte>? credentials = null;
        if (instance.SealedCredentials is { } sealedText)
        {
            try
            {
                credentials = deps.Cipher.Open(sealedText, instance.Name);
            }
            catch (CryptographicException e)
            {
                // Unreadable credentials cannot resume the link; the instance must be linked again.
                LogCredentialsUnreadable(logger, instance.Name, e.Message);
            }
        }

        if (!deps.Drivers.TryGet(instance.State?.Integration ?? "", out var driver, out var reason))
        {
            throw new InvalidOperationException(reason);
        }

        var session = await driver.OpenAsync(new SessionStart(instance.Name, instance.State?.InstanceId ?? "", credentials, instance.State?.Number ?? "", instance.State?.BusinessId ?? ""), ct);
        instance.Session = session;
        LogSessionStarted(logger, instance.Name, deps.Settings.ReplicaId);
        return session;
    }

    private async Task ResumeAsync(OwnedInstance instance, CancellationToken ct)
    {
        try
        {
            await OpenAsync(instance, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogResumeFailed(logger, instance.Name, e.Message);
        }
    }

    private async Task CloseSessionAsync(OwnedInstance instance, CancellationToken ct)
    {
        if (instance.Session is not { } session)
        {
            return;
        }

        instance.Session = null;
        try
        {
            await session.StopAsync(ct);
        }
        finally
        {
            await session.DisposeAsync();
            LogSessionStopped(logger, instance.Name, deps.Settings.ReplicaId);
        }
    }

    /// <summary>What sessions said on their own, written into the open transaction, keyed by instance.</summary>
    private async ValueTask DrainSignalsAsync(TransactionOutput output, CancellationToken ct)
    {
        if (_replay.Count > 0)
        {
            // Drained into a transaction that aborted: written again, with the same event ids, if still ours.
            List<(string Instance, SessionSignal Signal)> replay = [.. _replay];
            _replay.Clear();
            foreach (var (name, signal) in replay)
            {
                if (_instances.TryGetValue(name, out var owner) && _owned.Contains(owner.Partition))
                {
                    _uncommittedSignals.Add((name, signal));
                    await ApplySignalAsync(owner, signal, output, ct);
                }
            }
        }

        foreach (var instance in _instances.Values)
        {
            if (instance.Session is not { } session)
            {
                continue;
            }

            var ended = false;
            for (var count = 0; count < 1000 && session.Signals.TryRead(out var signal); count++)
            {
                _uncommittedSignals.Add((instance.Name, signal));
                ended |= await ApplySignalAsync(instance, signal, output, ct);
            }

            if (ended)
            {
                await CloseSessionAsync(instance, ct);
            }
        }
    }

    /// <returns>Whether the session ended for good.</returns>
    private async ValueTask<bool> ApplySignalAsync(OwnedInstance instance, SessionSignal signal, TransactionOutput output, CancellationToken ct)
    {
        switch (signal)
        {
            case SessionSignal.Event { Envelope: var envelope }:
                envelope.Instance = instance.Name;
                if (envelope.DataCase == EventEnvelope.DataOneofCase.ConnectionUpdate && instance.State is { } state)
                {
                    var update = envelope.ConnectionUpdate;
                    state.Connection = update.State;
                    state.StatusReason = update.StatusReason;
                    if (update.HasWuid)
                    {
                        state.OwnerJid = update.Wuid;
                    }

                    WriteState(instance, output);
                }

                if (envelope.Sender.Length == 0)
                {
                    envelope.Sender = instance.State?.OwnerJid ?? "";
                }

                await deps.Events.WriteAsync(envelope, output, ct);
                return false;
            case SessionSignal.CredentialsChanged { Credentials: var blob }:
                instance.SealedCredentials = deps.Cipher.Seal(blob.Span, instance.Name);
                WriteCredentials(instance, output);
                return false;
            case SessionSignal.Ended ended:
                LogEnded(logger, instance.Name, ended.StatusReason, ended.Reason);
                instance.SealedCredentials = null;
                WriteCredentials(instance, output);
                if (instance.State is { } current)
                {
                    current.Connection = ended.StatusReason == 401 ? "logged-out" : "close";
                    current.StatusReason = ended.StatusReason;
                    current.Banned |= ended.StatusReason == 403;
                    WriteState(instance, output);
                }

                return true;
            default:
                return false;
        }
    }

    // Session ownership is observable per replica: operators (and the replica tests) see where each instance runs.
    [LoggerMessage(LogLevel.Information, "connector: session of {Instance} started on replica {Replica}")]
    private static partial void LogSessionStarted(ILogger logger, string instance, string replica);

    [LoggerMessage(LogLevel.Information, "connector: session of {Instance} stopped on replica {Replica}")]
    private static partial void LogSessionStopped(ILogger logger, string instance, string replica);

    [LoggerMessage(LogLevel.Warning, "connector: the stored credentials of {Instance} cannot be opened ({Error}); it must be linked again")]
    private static partial void LogCredentialsUnreadable(ILogger logger, string instance, string error);

    [LoggerMessage(LogLevel.Warning, "connector: the session of {Instance} could not be resumed: {Error}")]
    private static partial void LogResumeFailed(ILogger logger, string instance, string error);

    [LoggerMessage(LogLevel.Information, "connector: the session of {Instance} ended ({Status}: {Reason}); its credentials are dropped")]
    private static partial void LogEnded(ILogger logger, string instance, int status, string reason);
}
