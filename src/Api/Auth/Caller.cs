using System.Reflection;

namespace Evostream.Api.Auth;

public enum CallerKind { GlobalKey, InstanceToken }

/// <summary>Who made a request, as the auth filter established it; bound as an endpoint parameter.</summary>
/// <param name="Instance">For an instance token, the one instance it belongs to.</param>
public sealed record Caller(CallerKind Kind, string? Instance)
{
    private static readonly object s_key = new();

    /// <summary>The command's issuer principal: never the key itself.</summary>
    public string Principal => Kind == CallerKind.GlobalKey ? "global-key" : "instance-token";

    public bool MaySee(string instance) => Kind == CallerKind.GlobalKey || Instance == instance;

    internal void AttachTo(HttpContext context) => context.Items[s_key] = this;

    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Items.TryGetValue(s_key, out var caller) ? caller as Caller
            : throw new InvalidOperationException($"Endpoint {context.GetEndpoint()?.DisplayName} takes a Caller but has no auth filter."));
}
