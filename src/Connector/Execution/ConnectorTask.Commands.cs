using Evostream.Connector.Drivers;
using Evostream.Connector.Sessions;
using Evostream.Contracts.V1;
using Microsoft.Extensions.Logging;
using Kind = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Connector.Execution;

public sealed partial class ConnectorTask
{
    private async Task<Completion> ExecuteAsync(PendingCommand pending, CancellationToken ct)
    {
        var command = pending.Command;
        var instance = Instance(command.Instance, pending.Partition);
        if (command.CommandCase == Kind.CreateInstance)
        {
            return await CreateAsync(pending, instance, ct);
        }

        if (!instance.Exists)
        {
            return Completion.Rejected(command.CommandId, pending.Name, $"The \"{command.Instance}\" instance does not exist", 404, "instance");
        }

        var required = CommandEffects.Required(command);
        if ((deps.Driver.Capabilities & required) != required)
        {
            return Completion.Rejected(command.CommandId, pending.Name,
                $"the {deps.Driver.Integration} transport cannot do {pending.Name} (it lacks {required & ~deps.Driver.Capabilities})", 501);
        }

        return command.CommandCase switch
        {
            Kind.ConnectInstance => await ConnectAsync(pending, instance, command.ConnectInstance.Number, ct),
            Kind.RestartInstance => await RestartAsync(pending, instance, ct),
            Kind.LogoutInstance => await LogoutAsync(pending, instance, ct),
            Kind.DeleteInstance => await DeleteAsync(pending, instance, ct),
            Kind.SetWebhook or Kind.SetKafka or Kind.SetSettings => Configure(pending, instance),
            _ => await DriverCommandAsync(pending, instance, ct),
        };
    }

    private async Task<Completion> DriverCommandAsync(PendingCommand pending, OwnedInstance instance, CancellationToken ct)
    {
        var command = pending.Command;
        if (instance.Session is not { } session)
        {
            return Completion.Rejected(command.CommandId, pending.Name, $"The \"{command.Instance}\" instance is not connected", 400, "instance");
        }

        if (pending.Reconcile)
        {
            var check = (deps.Driver.Capabilities & DriverCapabilities.SendLookup) == 0
                ? SendCheck.Unknown
                : await session.CheckSentAsync(pending.MessageId, ct);
            LogReconciled(logger, command.CommandId, command.Instance, check);
            if (check == SendCheck.Sent)
            {
                // The effect happened before a crash and its events were rolled back. A transport that can look sends up
                // also recognises the id on a repeat: it describes the message again (send.message...) without sending it.
                const string Reconciled = "reconciled: the transport confirms it went out before a restart";
                var described = await session.ExecuteAsync(new DriverRequest(command, pending.MessageId), ct);
                var executed = Completion.Executed(command.CommandId, pending.Name, pending.MessageId, (described as DriverResult.Done)?.RemoteJid, Reconciled);
                if (described is DriverResult.Done done)
                {
                    executed.Events.AddRange(done.Events);
                }

                return executed;
            }

            if (check == SendCheck.Unknown)
            {
                return Completion.Unknown(command.CommandId, pending.Name,
                    $"an earlier attempt was interrupted by a crash and the {deps.Driver.Integration} transport cannot say whether it took effect; it is not retried", pending.MessageId);
            }
        }

        var result = await session.ExecuteAsync(new DriverRequest(command, pending.MessageId), ct);
        return Translate(pending, result);
    }

    private static Completion Translate(PendingCommand pending, DriverResult result)
    {
        var command = pending.Command;
        switch (result)
        {
            case DriverResult.Done done:
                var executed = Completion.Executed(command.CommandId, pending.Name, done.MessageId, done.RemoteJid, done.Detail);
                executed.Events.AddRange(done.Events);
                return executed;
            case DriverResult.Failed failed:
                var rejected = Completion.Rejected(command.CommandId, pending.Name, failed.Reason, failed.HttpStatus, failed.Field);
                rejected.Events.AddRange(failed.Events ?? []);
                return rejected;
            case DriverResult.Unsupported unsupported:
                return Completion.Rejected(command.CommandId, pending.Name, unsupported.Reason, 501);
            default:
                throw new InvalidOperationException($"unknown driver result {result.GetType().Name}");
        }
    }

    private async Task<Completion> CreateAsync(PendingCommand pending, OwnedInstance instance, CancellationToken ct)
    {
        var command = pending.Command;
        var create = command.CreateInstance;
        if (instance.Exists)
        {
            return Completion.Rejected(command.CommandId, pending.Name, $"This name \"{command.Instance}\" is already in use.", 403, "instanceName");
        }

        var instanceId = create.InstanceId.Length > 0 ? create.InstanceId : CommandIds.EventId(command.CommandId, -1);
        instance.State = new InstanceState
        {
            InstanceName = command.Instance,
            InstanceId = instanceId,
            Connection = "created",
            Integration = create.Integration.Length > 0 ? create.Integration : deps.Driver.Integration,
            HoldUntilConnected = create.Settings?.HoldUntilConnected ?? false,
            TokenSha256 = create.TokenSha256,
            Number = create.Number,
            Settings = create.Settings ?? new InstanceSettings(),
            Webhook = Seal(create.Webhook, command.Instance),
            Kafka = create.Kafka,
            BusinessId = create.BusinessId,
        };

        await ProvisionTopicsAsync(command.Instance, ct);
        var completion = Completion.Executed(command.CommandId, pending.Name);
        if (create.Qrcode && (deps.Driver.Capabilities & DriverCapabilities.QrLinking) != 0)
        {
            var connected = await ConnectAsync(pending, instance, create.Number, ct);
            completion = connected.OutcomeName == "executed" ? connected : completion;
        }

        completion.Events.InsertRange(0,
        [
            new EventEnvelope { InstanceCreate = new InstanceCreated { InstanceName = command.Instance, InstanceId = instanceId, Integration = instance.State.Integration } },
            Configured(instance.State),
        ]);
        completion.StateChanged = true;
        return completion;
    }

    private async Task<Completion> ConnectAsync(PendingCommand pending, OwnedInstance instance, string number, CancellationToken ct)
    {
        var command = pending.Command;
        var session = instance.Session ?? await OpenAsync(instance, ct);
        var result = await session.ConnectAsync(number.Length > 0 ? number : null, ct);
        var completion = Translate(pending, result);
        if (result is DriverResult.Done && instance.State is { Connection: not "open" } state)
        {
            state.Connection = "connecting";
            completion.StateChanged = true;
        }

        LogConnect(logger, command.Instance, completion.OutcomeName);
        return completion;
    }

    private async Task<Completion> RestartAsync(PendingCommand pending, OwnedInstance instance, CancellationToken ct)
    {
        var wasLinking = instance.Session is not null && instance.SealedCredentials is null;
        await CloseSessionAsync(instance, ct);
        if (instance.SealedCredentials is not null)
        {
            await ResumeAsync(instance, ct);
        }
        else if (wasLinking)
        {
            // As Evolution's restart reconnects: a session still waiting for its QR to be scanned starts over with a new QR.
            var restarted = await ConnectAsync(pending, instance, "", ct);
            if (restarted.OutcomeName == "executed")
            {
                return restarted;
            }
        }

        return Completion.Executed(pending.Command.CommandId, pending.Name, detail: instance.Session is null ? "not linked: connect it to show a QR code" : "restarted");
    }

    private async Task<Completion> LogoutAsync(PendingCommand pending, OwnedInstance instance, CancellationToken ct)
    {
        var command = pending.Command;
        if (instance.Session is null && instance.SealedCredentials is null)
        {
            return Completion.Rejected(command.CommandId, pending.Name, $"The \"{command.Instance}\" instance is not connected", 400, "instance");
        }

        if (instance.Session is { } session)
        {
            await session.LogoutAsync(ct);
        }

        await CloseSessionAsync(instance, ct);
        var completion = Completion.Executed(command.CommandId, pending.Name);
        completion.Events.Add(new EventEnvelope { LogoutInstance = new InstanceLoggedOut { InstanceName = command.Instance, InstanceId = instance.State!.InstanceId } });
        completion.Events.Add(new EventEnvelope { ConnectionUpdate = new ConnectionUpdate { Instance = command.Instance, State = "close", StatusReason = 401 } });
        instance.SealedCredentials = null;
        instance.State.Connection = "logged-out";
        instance.State.StatusReason = 401;
        instance.State.OwnerJid = "";
        completion.StateChanged = true;
        completion.CredentialsChanged = true;
        return completion;
    }

    private async Task<Completion> DeleteAsync(PendingCommand pending, OwnedInstance instance, CancellationToken ct)
    {
        var command = pending.Command;
        if (instance.Session is { } session && instance.SealedCredentials is not null)
        {
            // Evolution logs a linked number out before removing the instance: the device must not stay linked.
            await session.LogoutAsync(ct);
        }

        await CloseSessionAsync(instance, ct);
        var id = instance.State!.InstanceId;
        var completion = Completion.Executed(command.CommandId, pending.Name);
        completion.Events.Add(new EventEnvelope { InstanceDelete = new InstanceDeleted { InstanceName = command.Instance, InstanceId = id } });
        completion.Events.Add(new EventEnvelope { RemoveInstance = new InstanceRemoved { InstanceName = command.Instance, InstanceId = id } });
        completion.CredentialsChanged = instance.SealedCredentials is not null;
        instance.SealedCredentials = null;
        instance.State = null;
        completion.StateChanged = true;
        return completion;
    }

    private Completion Configure(PendingCommand pending, OwnedInstance instance)
    {
        var command = pending.Command;
        var state = instance.State!;
        switch (command.CommandCase)
        {
            case Kind.SetWebhook:
                state.Webhook = Seal(command.SetWebhook.Webhook, command.Instance);
                break;
            case Kind.SetKafka:
                state.Kafka = command.SetKafka.Kafka;
                break;
            case Kind.SetSettings:
                state.Settings = command.SetSettings.Settings ?? new InstanceSettings();
                state.HoldUntilConnected = state.Settings.HoldUntilConnected;
                break;
        }

        var completion = Completion.Executed(command.CommandId, pending.Name);
        completion.Events.Add(Configured(state));
        completion.StateChanged = true;
        return completion;
    }

    private static EventEnvelope Configured(InstanceState state) => new()
    {
        InstanceConfigured = new InstanceConfigured
        {
            InstanceName = state.InstanceName,
            InstanceId = state.InstanceId,
            Integration = state.Integration,
            TokenSha256 = state.TokenSha256,
            Number = state.Number,
            Settings = state.Settings,
            Webhook = state.Webhook,
            Kafka = state.Kafka,
            BusinessId = state.BusinessId,
        },
    };

    /// <summary>Webhook header values often carry credentials, and the signing secret is one: they are stored and published sealed.</summary>
    private WebhookConfig? Seal(WebhookConfig? webhook, string instance)
    {
        if (webhook is null)
        {
            return null;
        }

        var copy = webhook.Clone();
        foreach (var (name, value) in webhook.Headers)
        {
            copy.Headers[name] = Credentials.CredentialsCipher.IsSealed(value) ? value : deps.Cipher.SealText(value, instance);
        }

        if (copy.Secret.Length > 0 && !Credentials.CredentialsCipher.IsSealed(copy.Secret))
        {
            copy.Secret = deps.Cipher.SealText(copy.Secret, instance);
        }

        return copy;
    }

    private async Task ProvisionTopicsAsync(string instance, CancellationToken ct)
    {
        try
        {
            var report = await deps.Provisioner.ProvisionInstanceAsync(instance, ct);
            LogProvisioned(logger, instance, report.Summary);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The instance exists either way; its topics can be created later with `topics apply --instance`.
            LogProvisionFailed(logger, instance, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "connector: command {CommandId} of {Instance} reconciled after a restart: {Check}")]
    private static partial void LogReconciled(ILogger logger, string commandId, string instance, SendCheck check);

    [LoggerMessage(LogLevel.Information, "connector: connect {Instance}: {Outcome}")]
    private static partial void LogConnect(ILogger logger, string instance, string outcome);

    [LoggerMessage(LogLevel.Debug, "connector: topics of {Instance}: {Report}")]
    private static partial void LogProvisioned(ILogger logger, string instance, string report);

    [LoggerMessage(LogLevel.Warning, "connector: the topics of {Instance} could not be provisioned: {Error}")]
    private static partial void LogProvisionFailed(ILogger logger, string instance, string error);
}
