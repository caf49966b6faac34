using Evostream.Api.Auth;
using Evostream.Api.Writing;

namespace Evostream.Api.Routes.Message;

/// <summary>Evolution's /message routes: every send is a command answered 201 with the message.</summary>
public static class MessageRoutes
{
    // Route action, command name, and the field a multipart upload's `file` fills (null: JSON only).
    private static readonly (string Action, string? FileField)[] s_sends =
    [
        ("sendText", null), ("sendMedia", "media"), ("sendWhatsAppAudio", "audio"), ("sendSticker", "sticker"),
        ("sendLocation", null), ("sendContact", null), ("sendReaction", null), ("sendPoll", null), ("sendList", null),
        ("sendButtons", null), ("sendTemplate", null),
    ];

    public static void MapMessageRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/message").WithTags("Message");
        foreach (var (action, fileField) in s_sends)
        {
            var endpoint = group.MapPost($"/{action}/{{instanceName}}", (string instanceName, HttpContext http, Caller caller, WritePath write, SendAnswers answers) =>
                write.RunAsync(http, caller, action, instanceName, StatusCodes.Status201Created, answers.AnswerAsync, fileField: fileField))
                .RequireApiKey()
                .WithName(action);
            if (fileField is not null)
            {
                endpoint.DisableAntiforgery();
            }
        }
    }
}
