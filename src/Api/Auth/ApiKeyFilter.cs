using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;

namespace Evostream.Api.Auth;

/// <summary>
/// Evolution's <c>apikey</c> check: the global key passes everywhere; an instance token only for its own instance
/// (another instance's token: 403); anything else 401. The viewer page may carry the key as <c>?apikey=</c>.
/// </summary>
public sealed class ApiKeyFilter(AuthScope scope, bool allowQueryKey = false) : IEndpointFilter
{
    public const string Header = ApiKey.Header;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 && allowQueryKey)
        {
            key = http.Request.Query[Header].ToString();
        }

        if (key.Length == 0)
        {
            return ApiErrors.Unauthorized();
        }

        var settings = http.RequestServices.GetRequiredService<EvostreamSettings>();
        if (settings.ApiKey is { Length: > 0 } global && ApiKey.Matches(key, global))
        {
            return await NextAsync(context, next, new Caller(CallerKind.GlobalKey, null));
        }

        if (scope == AuthScope.GlobalOnly)
        {
            return ApiErrors.Unauthorized();
        }

        var instances = http.RequestServices.GetRequiredService<InstanceQueries>();
        var hash = TokenHash.Hex(key);
        var instance = http.GetRouteValue("instanceName") as string;
        if (scope == AuthScope.Instance && instance is not null)
        {
            var stored = await instances.TokenHashAsync(instance, http.RequestAborted);
            if (stored is null || !TokenHash.MatchesHex(hash, stored))
            {
                // A valid token used on the wrong instance is a different mistake from a wrong key.
                return await instances.InstanceOfTokenAsync(hash, http.RequestAborted) is null
                    ? ApiErrors.Unauthorized()
                    : ApiErrors.Forbidden(instance);
            }

            return await NextAsync(context, next, new Caller(CallerKind.InstanceToken, instance));
        }

        var owner = await instances.InstanceOfTokenAsync(hash, http.RequestAborted);
        if (owner is null)
        {
            return ApiErrors.Unauthorized();
        }

        return await NextAsync(context, next, new Caller(CallerKind.InstanceToken, owner));
    }

    private static ValueTask<object?> NextAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, Caller caller)
    {
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            if (context.Arguments[i] is Caller)
            {
                context.Arguments[i] = caller;
            }
        }

        return next(context);
    }
}

public static class ApiKeyFilterExtensions
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, AuthScope scope = AuthScope.Instance, bool allowQueryKey = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(scope, allowQueryKey));
}
