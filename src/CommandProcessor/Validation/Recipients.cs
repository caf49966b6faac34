using Evostream.Contracts.WhatsApp;

namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// Recipient rules: a phone number with its country code or a WhatsApp JID (<c>…@s.whatsapp.net</c>, <c>…@lid</c>,
/// groups <c>…@g.us</c>). What a number is comes from <see cref="WhatsAppAddress"/>, shared with the transport; this
/// only says, in the producer's terms, which part of the rule a value breaks.
/// </summary>
internal static class Recipients
{
    /// <summary>The normalised recipient, or the reason it is not one.</summary>
    public static (string? Normalised, string? Error) Normalise(string raw)
    {
        var value = raw.Trim();
        if (value.Length == 0)
        {
            return (null, "is required");
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? Number(value) : Jid(value[..at], value[(at + 1)..].ToLowerInvariant());
    }

    /// <summary>A group JID, or the reason it is not one.</summary>
    public static (string? Normalised, string? Error) Group(string raw)
    {
        var (normalised, error) = Normalise(raw);
        return error is null && !normalised!.EndsWith("@" + WhatsAppAddress.GroupServer, StringComparison.Ordinal)
            ? (null, $"'{raw}' is not a group JID (groups end in @{WhatsAppAddress.GroupServer})")
            : (normalised, error);
    }

    private static (string?, string?) Number(string value)
    {
        if (WhatsAppAddress.Digits(value) is not { } digits)
        {
            return (null, $"'{value}' is not a phone number with country code (digits, optionally with '+', spaces, dashes or parentheses) or a WhatsApp JID");
        }

        if (digits.StartsWith('0'))
        {
            return (null, $"'{value}' starts with 0: give the number with its country code and no trunk prefix");
        }

        return WhatsAppAddress.IsPhoneNumber(digits)
            ? (digits, null)
            : (null, $"'{value}' has {digits.Length} digits; a number with country code has {WhatsAppAddress.MinDigits} to {WhatsAppAddress.MaxDigits}");
    }

    private static (string?, string?) Jid(string user, string server)
    {
        var valid = server switch
        {
            WhatsAppAddress.UserServer => WhatsAppAddress.IsPhoneNumber(user),
            WhatsAppAddress.LidServer => user.Length > 0 && user.All(char.IsAsciiDigit),
            // Current group ids are digits; old ones are "<creator>-<timestamp>".
            WhatsAppAddress.GroupServer => user.Length > 0 && user.All(c => char.IsAsciiDigit(c) || c == '-'),
            _ => false,
        };
        return valid
            ? (user + "@" + server, null)
            : (null, $"'{user}@{server}' is not a WhatsApp JID (digits @{WhatsAppAddress.UserServer}, digits @{WhatsAppAddress.LidServer}, or a group id @{WhatsAppAddress.GroupServer})");
    }
}
