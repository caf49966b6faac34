using System.Reflection;

namespace Evostream.Api.Auth;

public enum CallerKind
{
    /// <summary>Not authenticated: what a Caller parameter holds until the auth filter replaces it.</summary>
    None,
    GlobalKey,
    InstanceToken,
}

/// <summary>Who made a request, as the auth filter established it; bound as an endpoint parameter.</summary>
/// <param name="Instance">For an instance token, the one instance it belongs to.</param>
public sealed record Caller(CallerKind Kind, string? Instance)
{
    /// <summary>
    /// Parameters bind before endpoint filters run, so binding yields this and <see cref="ApiKeyFilter"/> swaps in the
    /// authenticated caller; an endpoint without the filter keeps this one, which may see nothing.
    /// </summary>
    public static Caller Unauthenticated { get; } = new(CallerKind.None, null);

    /// <summary>The command's issuer principal: never the key itself.</summary>
    public string Principal => Kind switch
    {
        CallerKind.GlobalKey => "global-key",
        CallerKind.InstanceToken => "instance-token",
        _ => throw new InvalidOperationException("An unauthenticated caller issues no commands."),
    };

    public bool MaySee(string instance) => Kind == CallerKind.GlobalKey || (Kind == CallerKind.InstanceToken && Instance == instance);

    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<Caller?>(Unauthenticated);
}
