using Evostream.Api.Reading;

namespace Evostream.Api.Routes.Group;

public sealed record ParticipantView(string Id, string? Admin);

/// <summary>Evolution's group metadata (Baileys' GroupMetadata).</summary>
public sealed record GroupView(
    string Id, string Subject, string? SubjectOwner, long? SubjectTime, long? Creation, string? Owner, string? Desc, string? DescId,
    bool Restrict, bool Announce, int Size, IReadOnlyList<ParticipantView>? Participants)
{
    public static GroupView Of(GroupRow row, bool participants) => new(
        row.Id, row.Subject, row.SubjectOwner, row.SubjectTime, row.Creation, row.Owner, row.Desc, row.DescId, row.Restrict, row.Announce, row.Size,
        participants ? [.. row.Participants.Select(p => new ParticipantView(p.Id, p.Admin))] : null);
}

public sealed record ParticipantsView(IReadOnlyList<ParticipantView> Participants);

public sealed record UpdateView(string Update);

public sealed record InviteCodeView(string InviteUrl, string InviteCode);

public sealed record LeaveView(string GroupJid, bool Leave);

public sealed record UpdateParticipantsView(string GroupJid, string Action, IReadOnlyList<string> Participants);

public sealed record CreatedGroupView(string Id, string Subject, string? Desc, IReadOnlyList<ParticipantView> Participants);
