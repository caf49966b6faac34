using System.Text.Json.Nodes;
using System.Threading.Channels;
using Evostream.Connector.Drivers.Simulator.Execution;
using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Kind = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Connector.Drivers.CloudApi;

/// <summary>
/// One WHATSAPP-BUSINESS instance: its phone number id and access token. It is open as soon as it exists (Meta
/// links the number in its dashboard); sends answer with Meta's wamid, which becomes the message's key id.
/// </summary>
public sealed class CloudApiSession : IWhatsAppSession
{
    private readonly string _instanceId;
    private readonly string _phoneNumberId;
    private readonly string _token;
    private readonly string _businessId;
    private readonly GraphClient _graph;
    private readonly TimeProvider _time;
    private readonly Channel<SessionSignal> _signals = Channel.CreateUnbounded<SessionSignal>(new UnboundedChannelOptions { SingleReader = true });

    internal CloudApiSession(string instance, string instanceId, string phoneNumberId, string businessId, string token, GraphClient graph, TimeProvider time)
    {
        _businessId = businessId;
        Instance = instance;
        _instanceId = instanceId;
        _phoneNumberId = phoneNumberId;
        _token = token;
        _graph = graph;
        _time = time;
        _signals.Writer.TryWrite(new SessionSignal.Event(Envelope("connection.update", e => e.ConnectionUpdate = new ConnectionUpdate
        {
            Instance = instance,
            State = "open",
            StatusReason = 200,
        })));
    }

    public string Instance { get; }

    public ChannelReader<SessionSignal> Signals => _signals.Reader;

    public ValueTask<DriverResult> ConnectAsync(string? pairingNumber, CancellationToken ct) =>
        ValueTask.FromResult<DriverResult>(new DriverResult.Unsupported("the cloud-api transport (WHATSAPP-BUSINESS) has no QR codes or pairing codes: the number is linked in Meta's dashboard"));

    public async ValueTask<DriverResult> ExecuteAsync(DriverRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = request.Command;
        if (command.CommandCase == Kind.MarkMessagesRead)
        {
            return await MarkReadAsync(command.MarkMessagesRead, ct);
        }

        if (command.CommandCase == Kind.MetaWebhookItem)
        {
            return Inbound(command.MetaWebhookItem);
        }

        if (command.CommandCase is Kind.CreateTemplate or Kind.FindTemplates)
        {
            return await TemplatesAsync(command, ct);
        }

        var send = GraphRequests.Build(command, _graph.Settings.Language);
        if (send.Body is null)
        {
            return new DriverResult.Failed(send.Error!, send.Field);
        }

        if (send.Upload is { } upload)
        {
            switch (await _graph.UploadMediaAsync(_phoneNumberId, _token, upload, ct))
            {
                case GraphAnswer.Ok { MessageId: { Length: > 0 } mediaId }:
                    upload.Media["id"] = mediaId;
                    break;
                case GraphAnswer.Error error:
                    return GraphErrors.ToFailure(error);
                case GraphAnswer.Unreachable unreachable:
                    return new DriverResult.Failed(unreachable.Reason, HttpStatus: 503);
                default:
                    return new DriverResult.Failed("the Graph API accepted the media upload but answered no media id", "media", 502);
            }
        }

        var answer = await _graph.PostMessageAsync(_phoneNumberId, _token, send.Body, ct);
        switch (answer)
        {
            case GraphAnswer.Ok ok:
                var wamid = ok.MessageId is { Length: > 0 } id ? id : request.MessageId;
                var remoteJid = (ok.WaId is { Length: > 0 } waId ? waId : send.To) + "@s.whatsapp.net";
                return new DriverResult.Done([SendEvent(command, wamid, remoteJid)], wamid, remoteJid);
            case GraphAnswer.Error error:
                return GraphErrors.ToFailure(error);
            case GraphAnswer.Unreachable unreachable:
                return new DriverResult.Failed(unreachable.Reason, HttpStatus: 503);
            default:
                throw new InvalidOperationException($"unknown Graph answer {answer.GetType().Name}");
        }
    }

    // The Cloud API cannot say whether a message id went out: the connector reports the attempt as outcome-unknown.
    public ValueTask<SendCheck> CheckSentAsync(string messageId, CancellationToken ct) => ValueTask.FromResult(SendCheck.Unknown);

    // Meta keeps the number registered; logging out only drops the token here (the connector deletes the credentials).
    public ValueTask LogoutAsync(CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask StopAsync(CancellationToken ct)
    {
        _signals.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _signals.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private async Task<DriverResult> MarkReadAsync(MarkMessagesRead read, CancellationToken ct)
    {
        if (read.ReadMessages.Count == 0)
        {
            return new DriverResult.Failed("readMessages is empty: name at least one message key.", "readMessages");
        }

        foreach (var key in read.ReadMessages.Where(k => !k.FromMe))
        {
            // Harmless to repeat, so a failure part-way is answered and the caller may simply send it again.
            var answer = await _graph.PostMessageAsync(_phoneNumberId, _token, GraphRequests.Read(key.Id), ct);
            if (answer is GraphAnswer.Error error)
            {
                return GraphErrors.ToFailure(error);
            }

            if (answer is GraphAnswer.Unreachable unreachable)
            {
                return new DriverResult.Failed(unreachable.Reason, HttpStatus: 503);
            }
        }

        return new DriverResult.Done([]);
    }

    // Templates belong to the WABA (businessId), not to the phone number; the answer is Meta's, passed on as the detail.
    private async Task<DriverResult> TemplatesAsync(CommandEnvelope command, CancellationToken ct)
    {
        if (_businessId.Length == 0)
        {
            return new DriverResult.Failed("this instance has no businessId (the WABA id): create it again with businessId to manage templates", "businessId");
        }

        var url = _graph.Settings.TemplatesUrl(_businessId);
        var answer = command.CommandCase == Kind.CreateTemplate
            ? await _graph.PostAsync(url, _token, GraphRequests.CreateTemplate(command.CreateTemplate), ct)
            : await _graph.GetAsync(url, _token, ct);
        return answer switch
        {
            // Evolution's /template/find answers Meta's "data" array; /template/create Meta's answer ({id, status, category}).
            GraphAnswer.Ok ok => new DriverResult.Done([], Detail: (command.CommandCase == Kind.FindTemplates ? ok.Body?["data"] ?? new JsonArray() : ok.Body)?.ToJsonString() ?? "{}"),
            GraphAnswer.Error error => GraphErrors.ToFailure(error),
            GraphAnswer.Unreachable unreachable => new DriverResult.Failed(unreachable.Reason, HttpStatus: 503),
            _ => throw new InvalidOperationException($"unknown Graph answer {answer.GetType().Name}"),
        };
    }

    private DriverResult Inbound(MetaWebhookItem item)
    {
        if (item.PhoneNumberId != _phoneNumberId)
        {
            return new DriverResult.Failed($"the webhook item is for phone number id {item.PhoneNumberId}, not this instance's {_phoneNumberId}", "phoneNumberId");
        }

        var (name, data, error) = CloudApiInbound.Map(item, _instanceId, _graph.Settings.Url, _graph.Settings.Version);
        return error is not null ? new DriverResult.Failed(error, "item") : new DriverResult.Done([Envelope(name!, data!)]);
    }

    private EventEnvelope SendEvent(CommandEnvelope command, string wamid, string remoteJid)
    {
        var message = OutboundContent.From(command)?.Message ?? new WaMessage();
        var record = new MessageRecord
        {
            Key = new MessageKey { RemoteJid = remoteJid, FromMe = true, Id = wamid },
            PushName = "Você",
            Status = "PENDING",
            Message = message,
            MessageType = Simulator.Network.Events.MessageType(message),
            MessageTimestamp = (uint)_time.GetUtcNow().ToUnixTimeSeconds(),
            InstanceId = _instanceId,
            Source = "unknown",
        };
        return Envelope("send.message", e => e.SendMessage = record);
    }

    private EventEnvelope Envelope(string name, Action<EventEnvelope> data)
    {
        var envelope = new EventEnvelope { Event = name, Instance = Instance, OccurredAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()) };
        data(envelope);
        return envelope;
    }
}
