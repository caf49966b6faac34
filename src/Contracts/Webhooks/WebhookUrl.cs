namespace Evostream.Contracts.Webhooks;

/// <summary>Evolution delivers only to <c>^https?://</c> URLs; Evostream refuses the others when they are set.</summary>
public static class WebhookUrl
{
    public static string? Check(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) ? "must be an absolute http or https URL"
        : uri.Scheme is not ("http" or "https") ? $"must use http or https, not '{uri.Scheme}'"
        : uri.UserInfo.Length > 0 ? "must not carry a user name or password; put credentials in headers"
        : null;
}
