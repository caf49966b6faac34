using System.Text.Json;
using Evostream.Api.Auth;
using Evostream.Api.Configuration;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Api.Routes.Message;
using Evostream.Api.Writing;
using Evostream.Contracts.V1;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.Routes.Chat;

/// <summary>Evolution's /chat routes: commands for chat actions, read-model queries for the finds.</summary>
public static class ChatRoutes
{
    private const int DefaultPageSize = 50;

    public static void MapChatRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/chat").WithTags("Chat");
        group.MapPost("/whatsappNumbers/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "whatsappNumbers", instanceName, StatusCodes.Status200OK, (_, outcome, _) => Task.FromResult(Numbers(outcome))))
            .RequireApiKey();
        group.MapPost("/markMessageAsRead/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "markMessageAsRead", instanceName, StatusCodes.Status201Created,
                (_, _, _) => Task.FromResult(new ReadView("Read messages", "success")))).RequireApiKey();
        group.MapPost("/archiveChat/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "archiveChat", instanceName, StatusCodes.Status201Created,
                (command, _, _) => Task.FromResult(new ArchiveView(ChatOf(command.ArchiveChat), command.ArchiveChat.Archive)))).RequireApiKey();
        group.MapDelete("/deleteMessageForEveryone/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "deleteMessageForEveryone", instanceName, StatusCodes.Status201Created, (command, _, _) =>
            {
                var key = command.DeleteMessageForEveryone.Key;
                return Task.FromResult(new DeletedView(key.Id, key.RemoteJid, key.FromMe, "DELETED"));
            })).RequireApiKey();
        group.MapPost("/updateMessage/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write, SendAnswers answers) =>
            write.RunAsync(http, caller, "updateMessage", instanceName, StatusCodes.Status201Created, answers.AnswerAsync)).RequireApiKey();
        group.MapPost("/sendPresence/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "sendPresence", instanceName, StatusCodes.Status201Created,
                (command, _, _) => Task.FromResult(new PresenceSentView(command.SendPresence.Presence)))).RequireApiKey();
        group.MapPost("/findContacts/{instanceName}", FindContactsAsync).RequireApiKey();
        group.MapPost("/findMessages/{instanceName}", FindMessagesAsync).RequireApiKey();
        group.MapPost("/findChats/{instanceName}", FindChatsAsync).RequireApiKey();
    }

    private static async Task<Results<Ok<IReadOnlyList<ContactView>>, JsonHttpResult<EvolutionError>>> FindContactsAsync(
        string instanceName, HttpContext http, Caller caller, InstanceQueries instances, ChatQueries chats, ApiSettings settings)
    {
        var (body, error) = await ReadFindAsync(http, instances, caller, instanceName, settings);
        if (body is null)
        {
            return error!;
        }

        var jid = body.String("where.remoteJid") ?? body.String("where.id");
        var pushName = body.String("where.pushName");
        if (body.Error is { } bad)
        {
            return ApiErrors.BadRequest(bad);
        }

        var rows = await chats.ContactsAsync(instanceName, jid, pushName, http.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<ContactView>>([.. rows.Select(ContactView.Of)]);
    }

    private static async Task<Results<Ok<MessagePageView>, JsonHttpResult<EvolutionError>>> FindMessagesAsync(
        string instanceName, HttpContext http, Caller caller, InstanceQueries instances, MessageQueries messages, ApiSettings settings)
    {
        var (body, error) = await ReadFindAsync(http, instances, caller, instanceName, settings);
        if (body is null)
        {
            return error!;
        }

        var filter = new MessageFilter(
            body.String("where.key.id"), body.String("where.key.remoteJid"), body.Bool("where.key.fromMe"), body.String("where.key.participant"),
            body.String("where.messageType"), body.String("where.source"), body.Long("where.messageTimestamp.gte"), body.Long("where.messageTimestamp.lte"));
        var page = body.Long("page") ?? 1;
        var size = body.Long("offset") ?? DefaultPageSize;
        if (body.Error is { } bad)
        {
            return ApiErrors.BadRequest(bad);
        }

        if (page < 1 || size is < 1 or > 1000)
        {
            return ApiErrors.BadRequest(page < 1 ? "'page' must be at least 1." : "'offset' (the page size) must be between 1 and 1000.");
        }

        var (total, rows) = await messages.FindAsync(instanceName, filter, (int)Math.Min((page - 1) * size, int.MaxValue), (int)size, http.RequestAborted);
        return TypedResults.Ok(new MessagePageView(new MessagePageView.Page(
            total, (total + size - 1) / size, (int)page, [.. rows.Select(SentMessageView.Of)])));
    }

    private static async Task<Results<Ok<IReadOnlyList<ChatView>>, JsonHttpResult<EvolutionError>>> FindChatsAsync(
        string instanceName, HttpContext http, Caller caller, InstanceQueries instances, ChatQueries chats, MessageQueries messages, ApiSettings settings)
    {
        var (body, error) = await ReadFindAsync(http, instances, caller, instanceName, settings);
        if (body is null)
        {
            return error!;
        }

        var jid = body.String("where.remoteJid");
        if (body.Error is { } bad)
        {
            return ApiErrors.BadRequest(bad);
        }

        var views = new List<ChatView>();
        foreach (var row in await chats.ChatsAsync(instanceName, jid, http.RequestAborted))
        {
            var last = row.LastMessageKeyId is { } key ? await messages.FindAsync(instanceName, key, http.RequestAborted) : null;
            views.Add(new ChatView(row.RemoteJid, row.RemoteJid, row.Name, row.UnreadMessages, row.CreatedAt, row.UpdatedAt, row.InstanceId,
                last is null ? null : SentMessageView.Of(last)));
        }

        return TypedResults.Ok<IReadOnlyList<ChatView>>(views);
    }

    private static async Task<(FindBody? Body, JsonHttpResult<EvolutionError>? Error)> ReadFindAsync(
        HttpContext http, InstanceQueries instances, Caller caller, string instance, ApiSettings settings)
    {
        var (row, missing) = await ReadGuard.InstanceAsync(instances, caller, instance, http.RequestAborted);
        if (row is null)
        {
            return (null, missing);
        }

        var raw = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (raw is null)
        {
            return (null, ApiErrors.TooLarge(settings.MaxBodyBytes));
        }

        var body = FindBody.Parse(raw.Value);
        return body.Error is { } error ? (null, ApiErrors.BadRequest(error)) : (body, null);
    }

    // The connector reports Evolution's array as command.executed's detail; an absent detail means no answers.
    private static List<NumberView> Numbers(CommandOutcome outcome) =>
        outcome.Detail is { Length: > 0 } detail
            ? JsonSerializer.Deserialize<List<NumberView>>(detail, JsonSerializerOptions.Web) ?? []
            : [];

    private static string ChatOf(ArchiveChat archive) => archive.Chat.Length > 0 ? archive.Chat : archive.LastMessage?.RemoteJid ?? "";
}
