using System.Text.Json.Nodes;
using Evostream.Api.Auth;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Api.Writing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.Routes.Group;

/// <summary>Evolution's /group routes; <c>groupJid</c> comes from the body or the query, <c>@g.us</c> appended when missing.</summary>
public static class GroupRoutes
{
    public static void MapGroupRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/group").WithTags("Group");
        group.MapPost("/create/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "createGroup", instanceName, StatusCodes.Status201Created, (command, outcome, _) =>
                Task.FromResult(new CreatedGroupView(outcome.RemoteJid ?? outcome.Detail ?? "", command.CreateGroup.Subject,
                    command.CreateGroup.Description.Length > 0 ? command.CreateGroup.Description : null,
                    [.. command.CreateGroup.Participants.Select(p => new ParticipantView(Jid(p), null))])))).RequireApiKey();
        foreach (var action in new[] { "updateGroupSubject", "updateGroupDescription" })
        {
            group.MapPost($"/{action}/{{instanceName}}", (string instanceName, string? groupJid, HttpContext http, Caller caller, WritePath write) =>
                write.RunAsync(http, caller, action, instanceName, StatusCodes.Status201Created, Updated, GroupJid(groupJid))).RequireApiKey();
        }

        group.MapPost("/updateGroupPicture/{instanceName}", (string instanceName, string? groupJid, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "updateGroupPicture", instanceName, StatusCodes.Status201Created, Updated, GroupJid(groupJid), fileField: "image"))
            .RequireApiKey().DisableAntiforgery();
        group.MapPost("/updateParticipant/{instanceName}", (string instanceName, string? groupJid, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "updateParticipant", instanceName, StatusCodes.Status201Created, (command, _, _) =>
            {
                var update = command.UpdateGroupParticipants;
                return Task.FromResult(new UpdateParticipantsView(update.GroupJid, update.Action, [.. update.Participants]));
            }, GroupJid(groupJid))).RequireApiKey();
        group.MapGet("/inviteCode/{instanceName}", (string instanceName, string? groupJid, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "inviteCode", instanceName, StatusCodes.Status200OK, (_, outcome, _) =>
                Task.FromResult(new InviteCodeView("https://chat.whatsapp.com/" + outcome.Detail, outcome.Detail ?? "")), GroupJid(groupJid))).RequireApiKey();
        group.MapDelete("/leaveGroup/{instanceName}", (string instanceName, string? groupJid, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "leaveGroup", instanceName, StatusCodes.Status200OK, (command, _, _) =>
                Task.FromResult(new LeaveView(command.LeaveGroup.GroupJid, true)), GroupJid(groupJid))).RequireApiKey();
        group.MapGet("/findGroupInfos/{instanceName}", FindGroupInfosAsync).RequireApiKey();
        group.MapGet("/fetchAllGroups/{instanceName}", FetchAllGroupsAsync).RequireApiKey();
        group.MapGet("/participants/{instanceName}", ParticipantsAsync).RequireApiKey();
    }

    private static async Task<Results<Ok<GroupView>, JsonHttpResult<EvolutionError>>> FindGroupInfosAsync(
        string instanceName, string? groupJid, Caller caller, InstanceQueries instances, GroupQueries groups, CancellationToken ct)
    {
        var (row, error) = await OneGroupAsync(instanceName, groupJid, caller, instances, groups, ct);
        return row is null ? error! : TypedResults.Ok(GroupView.Of(row, participants: true));
    }

    private static async Task<Results<Ok<ParticipantsView>, JsonHttpResult<EvolutionError>>> ParticipantsAsync(
        string instanceName, string? groupJid, Caller caller, InstanceQueries instances, GroupQueries groups, CancellationToken ct)
    {
        var (row, error) = await OneGroupAsync(instanceName, groupJid, caller, instances, groups, ct);
        return row is null ? error! : TypedResults.Ok(new ParticipantsView([.. row.Participants.Select(p => new ParticipantView(p.Id, p.Admin))]));
    }

    private static async Task<Results<Ok<IReadOnlyList<GroupView>>, JsonHttpResult<EvolutionError>>> FetchAllGroupsAsync(
        string instanceName, string? getParticipants, Caller caller, InstanceQueries instances, GroupQueries groups, CancellationToken ct)
    {
        var (instance, missing) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
        if (instance is null)
        {
            return missing!;
        }

        // Evolution requires the flag and reads it as the text "true" or "false".
        if (getParticipants is not ("true" or "false"))
        {
            return ApiErrors.BadRequest("'getParticipants' is required in the query and must be true or false.");
        }

        var withParticipants = getParticipants == "true";
        var rows = await groups.GroupsAsync(instanceName, null, withParticipants, ct);
        return TypedResults.Ok<IReadOnlyList<GroupView>>([.. rows.Select(r => GroupView.Of(r, withParticipants))]);
    }

    private static async Task<(GroupRow? Row, JsonHttpResult<EvolutionError>? Error)> OneGroupAsync(
        string instanceName, string? groupJid, Caller caller, InstanceQueries instances, GroupQueries groups, CancellationToken ct)
    {
        var (instance, missing) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
        if (instance is null)
        {
            return (null, missing);
        }

        if (string.IsNullOrWhiteSpace(groupJid))
        {
            return (null, ApiErrors.BadRequest("'groupJid' is required in the query."));
        }

        var id = Jid(groupJid, "@g.us");
        var rows = await groups.GroupsAsync(instanceName, id, participants: true, ct);
        return rows.Count == 0
            ? (null, ApiErrors.Status(StatusCodes.Status404NotFound, $"Group not found: {id}"))
            : (rows[0], null);
    }

    private static Task<UpdateView> Updated(Contracts.V1.CommandEnvelope command, CommandOutcome outcome, CancellationToken ct) =>
        Task.FromResult(new UpdateView("success"));

    private static JsonObject? GroupJid(string? groupJid) => groupJid is null ? null : new JsonObject { ["groupJid"] = Jid(groupJid, "@g.us") };

    private static string Jid(string value, string suffix = "@s.whatsapp.net") => value.Contains('@', StringComparison.Ordinal) ? value : value + suffix;
}
