using System.Text.Json.Nodes;
using Evostream.Api.Reading;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;
using Evostream.Contracts.WhatsApp;
using Google.Protobuf;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Api.Routes.Message;

/// <summary>
/// A send's 201 body. The message row the connector's send.message produced is the exact answer when the read model
/// already has it; otherwise it is built from the command and the outcome.
/// </summary>
public sealed class SendAnswers(MessageQueries messages, InstanceQueries instances)
{
    private static readonly JsonFormatter s_json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public async Task<SentMessageView> AnswerAsync(CommandEnvelope command, CommandOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outcome);
        // One look, no waiting: the row and the outcome come from one connector transaction but may be projected in
        // different batches, and the answer built from the command says the same thing.
        if (outcome.MessageId is { Length: > 0 } id && await messages.FindAsync(command.Instance, id, ct) is { } row)
        {
            return SentMessageView.Of(row with { Status = "PENDING" });
        }

        var (type, content) = Content(command);
        var instance = await instances.FindAsync(command.Instance, ct);
        return new SentMessageView(
            new SentMessageView.KeyView(outcome.RemoteJid ?? Jid(CommandRecipient.Of(command)), true, outcome.MessageId ?? command.CommandId),
            "Você", "PENDING", content, null, type, outcome.UpdatedAt.ToUnixTimeSeconds(), instance?.Id, "unknown");
    }

    private static (string Type, JsonNode Content) Content(CommandEnvelope command) => command.CommandCase switch
    {
        Case.SendText => ("conversation", new JsonObject { ["conversation"] = command.SendText.Text }),
        Case.EditMessage => ("conversation", new JsonObject { ["conversation"] = command.EditMessage.Text }),
        Case.SendMedia => Wrap(command.SendMedia.Mediatype + "Message", new JsonObject
        {
            ["url"] = command.SendMedia.Url.Length > 0 ? command.SendMedia.Url : null,
            ["mimetype"] = command.SendMedia.Mimetype,
            ["caption"] = command.SendMedia.Caption,
            ["fileName"] = command.SendMedia.FileName,
        }),
        Case.SendWhatsappAudio => Wrap("audioMessage", new JsonObject { ["ptt"] = true }),
        Case.SendSticker => Wrap("stickerMessage", new JsonObject()),
        Case.SendLocation => Wrap("locationMessage", new JsonObject
        {
            ["degreesLatitude"] = command.SendLocation.Latitude,
            ["degreesLongitude"] = command.SendLocation.Longitude,
            ["name"] = command.SendLocation.Name,
            ["address"] = command.SendLocation.Address,
        }),
        Case.SendContact => Wrap("contactsArrayMessage", new JsonObject
        {
            ["contacts"] = new JsonArray([.. command.SendContact.Contact.Select(c => (JsonNode)new JsonObject { ["displayName"] = c.FullName })]),
        }),
        Case.SendReaction => Wrap("reactionMessage", new JsonObject
        {
            ["key"] = JsonNode.Parse(s_json.Format(command.SendReaction.Key)),
            ["text"] = command.SendReaction.Reaction,
        }),
        Case.SendPoll => Wrap("pollCreationMessage", new JsonObject
        {
            ["name"] = command.SendPoll.Name,
            ["options"] = new JsonArray([.. command.SendPoll.Values.Select(v => (JsonNode)new JsonObject { ["optionName"] = v })]),
            ["selectableOptionsCount"] = command.SendPoll.SelectableCount,
        }),
        Case.SendList => Wrap("listMessage", Proto(command.SendList, "number", "options")),
        Case.SendButtons => Wrap("buttonsMessage", Proto(command.SendButtons, "number", "options")),
        Case.SendTemplate => Wrap("templateMessage", new JsonObject
        {
            ["name"] = command.SendTemplate.Name,
            ["language"] = command.SendTemplate.Language,
            ["components"] = command.SendTemplate.ComponentsJson.Length > 0 ? JsonNode.Parse(command.SendTemplate.ComponentsJson) : null,
        }),
        _ => ("conversation", new JsonObject()),
    };

    private static (string, JsonNode) Wrap(string type, JsonObject inner) => (type, new JsonObject { [type] = inner });

    private static JsonObject Proto(IMessage message, params string[] without)
    {
        var json = JsonNode.Parse(s_json.Format(message))!.AsObject();
        foreach (var name in without)
        {
            json.Remove(name);
        }

        return json;
    }

    private static string Jid(string number) => number.Contains('@', StringComparison.Ordinal) ? number : number + "@" + WhatsAppAddress.UserServer;
}
