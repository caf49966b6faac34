namespace Evostream.Platform.Configuration;

/// <summary>
/// Meta's WhatsApp Cloud API (integration WHATSAPP-BUSINESS), under Evolution's variable names plus Evostream's
/// signature settings. Evolution never checks webhook signatures; Evostream does unless told not to.
/// </summary>
/// <param name="Url">WA_BUSINESS_URL: the Graph API root (Meta's, or a local fake).</param>
/// <param name="Version">WA_BUSINESS_VERSION: the Graph version in every path, such as v25.0.</param>
/// <param name="Language">WA_BUSINESS_LANGUAGE: the template language when a send names none, such as en_US.</param>
/// <param name="VerifyToken">WA_BUSINESS_TOKEN_WEBHOOK: what Meta's verify handshake must present; empty refuses every handshake.</param>
/// <param name="AppSecret">EVOSTREAM_WA_BUSINESS_APP_SECRET: the key of X-Hub-Signature-256; null when unset.</param>
/// <param name="AllowUnsigned">EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED: accept webhooks without a signature check (only without an app secret).</param>
public sealed record WaBusinessSettings(Uri Url, string Version, string Language, string VerifyToken, string? AppSecret, bool AllowUnsigned)
{
    public const string DefaultUrl = "https://graph.facebook.com";
    public const string DefaultVersion = "v25.0";
    public const string DefaultLanguage = "en_US";

    /// <summary>Where sends go: <c>{url}/{version}/{phone-number-id}/messages</c>.</summary>
    public Uri MessagesUrl(string phoneNumberId) => new(Url, $"{Version}/{Uri.EscapeDataString(phoneNumberId)}/messages");

    /// <summary>Media uploads: <c>{url}/{version}/{phone-number-id}/media</c>.</summary>
    public Uri MediaUrl(string phoneNumberId) => new(Url, $"{Version}/{Uri.EscapeDataString(phoneNumberId)}/media");

    /// <summary>A WABA's message templates: <c>{url}/{version}/{business-id}/message_templates</c>.</summary>
    public Uri TemplatesUrl(string businessId) => new(Url, $"{Version}/{Uri.EscapeDataString(businessId)}/message_templates");

    // Keeps the secrets out of logs and exception messages that print the settings.
    public override string ToString() =>
        $"WaBusinessSettings {{ Url = {Url}, Version = {Version}, Language = {Language}, VerifyToken = {(VerifyToken.Length == 0 ? "none" : "***")}, AppSecret = {(AppSecret is null ? "none" : "***")}, AllowUnsigned = {AllowUnsigned} }}";
}
