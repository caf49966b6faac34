using System.Diagnostics.CodeAnalysis;

namespace Evostream.Contracts.Webhooks;

/// <summary>
/// A Standard Webhooks symmetric secret: <c>whsec_</c> followed by the base64 of 24 to 64 random bytes. The bytes
/// (not the text) are the HMAC-SHA256 key.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24;
    public const int MaxBytes = 64;

    /// <summary>Errors say what is wrong, never echo the secret.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out byte[]? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"must start with '{Prefix}' followed by base64 (a Standard Webhooks secret)";
            return false;
        }

        try
        {
            key = Convert.FromBase64String(text[Prefix.Length..]);
        }
        catch (FormatException)
        {
            error = $"is not valid base64 after '{Prefix}'";
            return false;
        }

        if (key.Length is < MinBytes or > MaxBytes)
        {
            error = $"holds {key.Length} bytes; a secret must be {MinBytes} to {MaxBytes} random bytes";
            key = null;
            return false;
        }

        error = null;
        return true;
    }
}
