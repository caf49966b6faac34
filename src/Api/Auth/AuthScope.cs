namespace Evostream.Api.Auth;

/// <summary>Which keys a route takes.</summary>
public enum AuthScope
{
    /// <summary>Only the global key (instance create, which has no instance for a token to belong to).</summary>
    GlobalOnly,

    /// <summary>The global key, or the token of the route's <c>{instanceName}</c>.</summary>
    Instance,

    /// <summary>The global key, or any instance's token, which then sees only its own instance (fetchInstances).</summary>
    AnyInstance,
}
