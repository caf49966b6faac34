using Evostream.Platform.Configuration;

namespace Evostream.Platform.Credentials;

/// <summary>
/// EVOSTREAM_CREDENTIALS_KEYS, read the one way by every stage that seals or opens: the connector (session
/// credentials, webhook headers), the delivery stage (opening those headers) and the Api (Cloud API access tokens).
/// </summary>
public static class CredentialKeysVariable
{
    public const string Name = "EVOSTREAM_CREDENTIALS_KEYS";

    // One key per process, not per reader: the stages of ./evostream dev share a process, and a value one of them
    // sealed must open in another. It does not outlive the process, which dev mode accepts.
    private static readonly Lazy<CredentialKeys> s_devKey = new(() => CredentialKeys.Generate("dev"));

    /// <param name="required">Outside dev mode, whether a missing variable is an error (the connector) or means "no keys" (the Api).</param>
    /// <returns>The keys, or null when they are absent (and not required) or bad; problems are added to <paramref name="errors"/>.</returns>
    public static CredentialKeys? Read(Func<string, string?> lookup, RunMode mode, bool required, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(errors);
        var raw = lookup(Name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            if (mode == RunMode.Dev)
            {
                return s_devKey.Value;
            }

            if (required)
            {
                errors.Add($"{Name} is required outside dev mode: WhatsApp session credentials are stored encrypted (AES-256-GCM)."
                    + " Set it to '<key id>:<base64 of 32 random bytes>' (for example 'k1:'$(openssl rand -base64 32)); list older keys after the active one, comma-separated, to keep reading what they sealed.");
            }

            return null;
        }

        if (CredentialKeys.TryParse(raw.Trim(), out var keys, out var error))
        {
            return keys;
        }

        // The message names the key id and what is wrong, never the key material.
        errors.Add($"{Name}: {error}");
        return null;
    }
}
