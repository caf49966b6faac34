using System.Security.Cryptography;
using System.Text;
using Evostream.Api.Configuration;
using Evostream.Api.Reading;
using Evostream.Api.Writing;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Baileys;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Platform.Kafka;

namespace Evostream.Cli.Instances;

/// <summary>What an import ended with. <paramref name="Token"/>, the new instance's token, is shown this once.</summary>
public sealed record ImportResult(bool Ok, string Message, string? Token = null, string? Connection = null);

/// <summary>
/// <c>evostream instances import NAME --baileys-auth DIR</c>: a linked useMultiFileAuthState folder becomes a new
/// WHATSAPP-BAILEYS instance. The auth state travels sealed inside the createInstance command, so the connector that owns
/// the instance stores it in the sessions topic in the same transaction that creates the instance, or refuses both
/// (name taken, the simulator answering WHATSAPP-BAILEYS, keys that differ): nothing is ever half-imported.
/// </summary>
/// <param name="api">The Api's settings: its produce timeout, outcome wait and read-model schema apply here too.</param>
public sealed class BaileysImport(EvostreamSettings settings, ApiSettings api, KafkaClientConfigs configs, CredentialKeys keys, TimeProvider time)
{
    /// <summary>How long the linked session has to report <c>open</c> after the instance was created.</summary>
    public static readonly TimeSpan OpenWait = TimeSpan.FromSeconds(30);

    public async Task<ImportResult> RunAsync(string instance, string folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instance);
        string auth;
        try
        {
            auth = BaileysAuthFolder.Read(folder);
        }
        catch (InvalidDataException e)
        {
            return new ImportResult(false, "--baileys-auth: " + e.Message);
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var envelope = new CommandEnvelope
        {
            CommandId = "import-" + Guid.NewGuid().ToString("N"),
            Instance = instance,
            IssuedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            IssuedBy = new Issuer { Kind = "cli", Principal = "instances-import" },
            CreateInstance = new CreateInstance
            {
                InstanceId = Guid.NewGuid().ToString(),
                Integration = Integrations.Baileys,
                TokenSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))),
                BaileysAuthSealed = new CredentialsCipher(keys).SealText(auth, instance),
            },
        };

        using (var producer = new CommandProducer(configs, settings, api))
        {
            try
            {
                await producer.ProduceAsync(envelope);
            }
            catch (CommandNotWrittenException e)
            {
                return new ImportResult(false, e.Message + "; nothing was imported.");
            }
        }

        await using var db = new ReadModelDb(settings, api);
        // At least the Api's wait: a create provisions the instance's topics before it is answered.
        var wait = api.OutcomeWait > TimeSpan.FromSeconds(30) ? api.OutcomeWait : TimeSpan.FromSeconds(30);
        var outcome = await new OutcomeWaiter(new OutcomeQueries(db), time).WaitAsync(envelope.CommandId, wait, ct);
        switch (outcome)
        {
            case null or { IsFinal: false }:
                return new ImportResult(false, $"the import (command {envelope.CommandId}) was written but not answered within {wait.TotalSeconds:0} s: "
                    + "is the stack running? It is created whole or not at all once it is processed; see GET /instance/fetchInstances.");
            case { Status: CommandOutcome.Executed }:
                return new ImportResult(true, $"imported \"{instance}\" (WHATSAPP-BAILEYS, linked as {BaileysAuthFolder.LinkedJid(auth)})",
                    token, await ConnectionAsync(new InstanceQueries(db), instance, ct));
            default:
                return new ImportResult(false, $"not imported: {outcome.Reason ?? outcome.Status}");
        }
    }

    /// <summary>The instance's connection once it is open, or whatever it reached within <see cref="OpenWait"/>.</summary>
    private async Task<string> ConnectionAsync(InstanceQueries instances, string instance, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + OpenWait;
        string state = "unknown";
        while (time.GetUtcNow() < deadline)
        {
            state = (await instances.FindAsync(instance, ct))?.ConnectionStatus ?? state;
            if (state == "open")
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
        }

        return state;
    }
}
