using System.Text.Json;
using Evostream.Platform.Hosting;

namespace Evostream.Connector.Drivers.Simulator.Http;

/// <summary>The shape of the /simulator HTTP endpoints, shared by the server and the CLI.</summary>
public static class SimulatorApi
{
    public const string Prefix = "/simulator";
    public const string ApiKeyHeader = ApiKey.Header;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Actions that take a body; each reads the fields it needs from <see cref="Request"/>.</summary>
    public static readonly IReadOnlyList<string> Actions = ["scan", "pair", "send", "react", "read", "presence", "group", "call", "disconnect", "ban", "network"];

    /// <summary>One body for every action; an action names the fields it needs when they are missing.</summary>
    public sealed record Request(
        string? Code = null,
        string? Number = null,
        string? From = null,
        string? To = null,
        string? Text = null,
        string? Mediatype = null,
        string? Url = null,
        string? Caption = null,
        string? PushName = null,
        string? MessageId = null,
        string? Emoji = null,
        string? Presence = null,
        string? Subject = null,
        string? GroupJid = null,
        bool Video = false,
        int? Reason = null,
        bool? Present = null);

    public sealed record Error(string Message);
}
