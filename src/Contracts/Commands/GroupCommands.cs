using Evostream.Contracts.V1;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.Contracts.Commands;

/// <summary>The group commands: Evolution's /group routes that change something, and the invite code fetch.</summary>
internal static class GroupCommands
{
    public static IReadOnlyList<CommandCodec> All { get; } =
    [
        new(Case.CreateGroup, new JsonFields("subject", "description", "participants"),
            static (r, body, e) =>
            {
                var create = new CreateGroup
                {
                    Subject = r.String(body, "subject", required: true),
                    Description = r.String(body, "description"),
                };
                r.Strings(body, "participants", create.Participants, required: true);
                e.CreateGroup = create;
            },
            static (json, e) =>
            {
                json.WriteString("subject"u8, e.CreateGroup.Subject);
                json.WriteIfNotEmpty("description"u8, e.CreateGroup.Description);
                json.WriteStrings("participants"u8, e.CreateGroup.Participants);
            }),
        new(Case.UpdateGroupSubject, new JsonFields("groupJid", "subject"),
            static (r, body, e) => e.UpdateGroupSubject = new UpdateGroupSubject
            {
                GroupJid = r.String(body, "groupJid", required: true),
                Subject = r.String(body, "subject", required: true),
            },
            static (json, e) =>
            {
                json.WriteString("groupJid"u8, e.UpdateGroupSubject.GroupJid);
                json.WriteString("subject"u8, e.UpdateGroupSubject.Subject);
            }),
        new(Case.UpdateGroupDescription, new JsonFields("groupJid", "description"),
            static (r, body, e) => e.UpdateGroupDescription = new UpdateGroupDescription
            {
                GroupJid = r.String(body, "groupJid", required: true),
                Description = r.String(body, "description", required: true),
            },
            static (json, e) =>
            {
                json.WriteString("groupJid"u8, e.UpdateGroupDescription.GroupJid);
                json.WriteString("description"u8, e.UpdateGroupDescription.Description);
            }),
        new(Case.UpdateGroupPicture, new JsonFields("groupJid", "image"),
            static (r, body, e) =>
            {
                var picture = new UpdateGroupPicture { GroupJid = r.String(body, "groupJid", required: true) };
                MediaJson.ReadInto(r, body, "image", url => picture.Url = url, data => picture.Data = data);

                e.UpdateGroupPicture = picture;
            },
            static (json, e) =>
            {
                var picture = e.UpdateGroupPicture;
                json.WriteString("groupJid"u8, picture.GroupJid);
                MediaJson.Write(json, "image"u8,
                    picture.ImageCase == UpdateGroupPicture.ImageOneofCase.Url ? picture.Url : null,
                    picture.ImageCase == UpdateGroupPicture.ImageOneofCase.Data ? picture.Data : null);
            }),
        new(Case.UpdateGroupParticipants, new JsonFields("groupJid", "action", "participants"),
            static (r, body, e) =>
            {
                var update = new UpdateGroupParticipants
                {
                    GroupJid = r.String(body, "groupJid", required: true),
                    Action = r.String(body, "action", required: true),
                };
                r.Strings(body, "participants", update.Participants, required: true);
                e.UpdateGroupParticipants = update;
            },
            static (json, e) =>
            {
                json.WriteString("groupJid"u8, e.UpdateGroupParticipants.GroupJid);
                json.WriteString("action"u8, e.UpdateGroupParticipants.Action);
                json.WriteStrings("participants"u8, e.UpdateGroupParticipants.Participants);
            }),
        new(Case.FetchGroupInviteCode, new JsonFields("groupJid"),
            static (r, body, e) => e.FetchGroupInviteCode = new FetchGroupInviteCode { GroupJid = r.String(body, "groupJid", required: true) },
            static (json, e) => json.WriteString("groupJid"u8, e.FetchGroupInviteCode.GroupJid)),
        new(Case.LeaveGroup, new JsonFields("groupJid"),
            static (r, body, e) => e.LeaveGroup = new LeaveGroup { GroupJid = r.String(body, "groupJid", required: true) },
            static (json, e) => json.WriteString("groupJid"u8, e.LeaveGroup.GroupJid)),
    ];
}
