using System.Text.Json.Serialization;
using Evostream.Api.Reading;
using Evostream.Api.Routes.Message;

namespace Evostream.Api.Routes.Chat;

public sealed record ContactView(string Id, string RemoteJid, string? PushName, string? ProfilePicUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? InstanceId)
{
    public static ContactView Of(ContactRow row) => new(row.RemoteJid, row.RemoteJid, row.PushName, row.ProfilePicUrl, row.CreatedAt, row.UpdatedAt, row.InstanceId);
}

public sealed record ChatView(
    string Id, string RemoteJid, string? Name, int UnreadMessages, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? InstanceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] SentMessageView? LastMessage);

/// <summary>findMessages' body: <c>{messages:{total, pages, currentPage, records}}</c>.</summary>
public sealed record MessagePageView(MessagePageView.Page Messages)
{
    public sealed record Page(long Total, long Pages, int CurrentPage, IReadOnlyList<SentMessageView> Records);
}

/// <summary>One whatsappNumbers answer item, as the connector reports it in command.executed's detail.</summary>
public sealed record NumberView(bool Exists, string Jid, string Number);

public sealed record ReadView(string Message, string Read);

public sealed record ArchiveView(string ChatId, bool Archived);

public sealed record PresenceSentView(string Presence);

public sealed record DeletedView(string Id, string RemoteJid, bool FromMe, string Status);
