using Evostream.Connector.Drivers;
using Evostream.Connector.Sessions;
using Evostream.Contracts.Ids;
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

        if (!deps.Drivers.TryGet(instance.State!.Integration, out var driver, out var missing))
        {
            return Completion.Rejected(command.CommandId, pending.Name, missing, 400, "integration");
        }

        if (command.CommandCase == Kind.MetaWebhookItem && driver.Transport != Drivers.Transports.CloudApi)
        {
            return Completion.Rejected(command.CommandId, pending.Name, $"\"{command.Instance}\" runs on the {driver.Transport} transport; Meta's webhooks are for WHATSAPP-BUSINESS instances", 400, "instance");
        }

        // Answered like any user mistake: the instance's transport is known, and a command it cannot do is refused, never faked.
        var required = CommandEffects.Required(command);
        if ((driver.Capabilities & required) != required)
        {
            return Completion.Rejected(command.CommandId, pending.Name,
                $"the {driver.Transport} transport ({driver.Integration}) cannot do {pending.Name}: it has no {CommandEffects.Describe(required & ~driver.Capabilities)}", 400);
        }

        return command.CommandCase switch
        {
            Kind.ConnectInstance => await ConnectAsync(pending, instance, command.ConnectInstance.Number, ct),
            Kind.RestartInstance => await RestartAsync(pending, instance, ct),
            Kind.LogoutInstance => await LogoutAsync(pending, instance, ct),
            Kind.DeleteInstance => await DeleteAsync(pending, instance, ct),
            Kind.SetWebhook or Kind.SetKafka or Kind.SetWebsocket or Kind.SetSettings => Configure(pending, instance),
            _ => await DriverCommandAsync(pending, instance, driver, ct),
        };
    }

    private async Task<Completion> DriverCommandAsync(PendingCommand pending, OwnedInstance instance, IWhatsAppDriver driver, CancellationToken ct)
    {
        var command = pending.Command;
        if (instance.Session is not { } session)
        {
            return Completion.Rejected(command.CommandId, pending.Name, $"The \"{command.Instance}\" instance is not connected", 400, "instance");
        }

        if (pending.Reconcile)
        {
            var check = (driver.Capabilities & DriverCapabilities.SendLookup) == 0
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
                    $"an earlier attempt was interrupted by a crash and the {driver.Transport} transport cannot say whether it took effect; it is not retried", pending.MessageId);
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

        if (!deps.Drivers.TryGet(create.Integration, out var driver, out var missing))
        {
            return Completion.Rejected(command.CommandId, pending.Name, missing, 400, "integration");
        }

        if (create.Qrcode && (driver.Capabilities & DriverCapabilities.QrLinking) == 0)
        {
            return Completion.Rejected(command.CommandId, pending.Name,
                $"the {driver.Transport} transport ({driver.Integration}) has no QR codes: the number is linked where the transport is set up; leave qrcode out", 400, "qrcode");
        }

        var credentials = TransportCredentials(command, driver);
        if (credentials.Error is { } credentialsError)
        {
            return Completion.Rejected(command.CommandId, pending.Name, credentialsError, 400, credentials.Field);
        }

        var instanceId = create.InstanceId.Length > 0 ? create.InstanceId : CommandIds.InstanceId(command.CommandId);
        instance.State = new InstanceState
        {
            InstanceName = command.Instance,
            InstanceId = instanceId,
            Connection = "created",
            Integration = driver.Integration,
            Transport = driver.Transport,
            HoldUntilConnected = create.Settings?.HoldUntilConnected ?? false,
            TokenSha256 = create.TokenSha256,
            Number = create.Number,
            Settings = create.Settings ?? new InstanceSettings(),
            Webhook = Seal(create.Webhook, command.Instance),
            Kafka = create.Kafka,
            Websocket = create.Websocket,
            BusinessId = create.BusinessId,
        };

        await ProvisionTopicsAsync(command.Instance, ct);
        var completion = Completion.Executed(command.CommandId, pending.Name, detail: driver.Transport);
        if (credentials.Sealed is { } sealedCredentials)
        {
            // A transport configured by its credentials (the Cloud API's access token, an imported Baileys auth state) connects at once.
            instance.SealedCredentials = sealedCredentials;
            completion.CredentialsChanged = true;
            await OpenAsync(instance, ct);
        }
        else if (create.Qrcode)
        {
            var connected = await ConnectAsync(pending, instance, create.Number, ct);
            if (connected.OutcomeName == "executed")
            {
                connected.Outcome.CommandExecuted.Detail = driver.Transport;
                completion = connected;
            }
        }

        completion.Events.InsertRange(0,
        [
            new EventEnvelope { InstanceCreate = new InstanceCreated { InstanceName = command.Instance, InstanceId = instanceId, Integration = instance.State!.Integration } },
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
            case Kind.SetWebsocket:
                state.Websocket = command.SetWebsocket.Websocket;
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
            Websocket = state.Websocket,
            BusinessId = state.BusinessId,
            Transport = state.Transport,
        },
    };

    /// <summary>
    /// A WHATSAPP-BUSINESS create carries the access token sealed by the Api, an imported WHATSAPP-BAILEYS one a linked
    /// auth state; either must open under our keys and the instance's name before it is stored with the session
    /// credentials. A transport is never handed another's credentials.
    /// </summary>
    private (string? Sealed, string? Error, string? Field) TransportCredentials(CommandEnvelope command, IWhatsAppDriver driver)
    {
        var create = command.CreateInstance;
        if (create.BaileysAuthSealed.Length > 0 && driver.Transport != Drivers.Transports.Baileys)
        {
            return (null, $"the {driver.Transport} transport takes no Baileys auth state; baileysAuthSealed is for WHATSAPP-BAILEYS on the Baileys transport"
                + (driver.Transport == Drivers.Transports.Simulator ? " (this connector runs the simulator: set EVOSTREAM_WHATSAPP=real, or ./evostream dev --whatsapp real)" : ""),
                "baileysAuthSealed");
        }

        if (driver.Transport != Drivers.Transports.CloudApi)
        {
            return create.AccessTokenSealed.Length > 0
                ? (null, $"the {driver.Transport} transport takes no access token; accessTokenSealed is for WHATSAPP-BUSINESS", "accessTokenSealed")
                : create.BaileysAuthSealed.Length > 0 ? Opened(create.BaileysAuthSealed, "baileysAuthSealed") : (null, null, null);
        }

        if (create.Number.Length == 0 || !create.Number.All(char.IsAsciiDigit))
        {
            return (null, "WHATSAPP-BUSINESS needs number: the phone number id Meta shows for the number (digits)", "number");
        }

        if (create.AccessTokenSealed.Length == 0)
        {
            return (null, "WHATSAPP-BUSINESS needs token: the Graph API access token of the number", "token");
        }

        return Opened(create.AccessTokenSealed, "token");

        (string?, string?, string?) Opened(string sealedText, string field)
        {
            try
            {
                deps.Cipher.Open(sealedText, command.Instance);
                return (sealedText, null, null);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                return (null, $"the {field} credentials cannot be opened by this connector ({e.Message}); whoever sealed them and the connector need the same EVOSTREAM_CREDENTIALS_KEYS", field);
            }
        }
    }

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
            copy.Headers[name] = Platform.Credentials.CredentialsCipher.IsSealed(value) ? value : deps.Cipher.SealText(value, instance);
        }

        if (copy.Secret.Length > 0 && !Platform.Credentials.CredentialsCipher.IsSealed(copy.Secret))
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
