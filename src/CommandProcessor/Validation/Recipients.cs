namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// Recipient rules: a phone number with its country code (E.164: 7 to 15 digits, no leading 0; '+', spaces and
/// dashes are dropped) or a WhatsApp JID (<c>…@s.whatsapp.net</c>, <c>…@lid</c>, groups <c>…@g.us</c>).
/// </summary>
internal static class Recipients
{
    public const string UserServer = "s.whatsapp.net";
    public const string GroupServer = "g.us";
    public const string LidServer = "lid";

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
        return error is null && !normalised!.EndsWith("@" + GroupServer, StringComparison.Ordinal)
            ? (null, $"'{raw}' is not a group JID (groups end in @{GroupServer})")
            : (normalised, error);
    }

    private static (string?, string?) Number(string value)
    {
        var digits = new string([.. value.Where(c => c is not ('+' or ' ' or '-'))]);
        if (!digits.All(char.IsAsciiDigit))
        {
            return (null, $"'{value}' is not a phone number with country code (digits, optionally with '+', spaces or dashes) or a WhatsApp JID");
        }

        if (digits.StartsWith('0'))
        {
            return (null, $"'{value}' starts with 0: give the number with its country code and no trunk prefix");
        }

        return digits.Length is < 7 or > 15
            ? (null, $"'{value}' has {digits.Length} digits; a number with country code has 7 to 15")
            : (digits, null);
    }

    private static (string?, string?) Jid(string user, string server)
    {
        var valid = server switch
        {
            UserServer => user.Length is >= 7 and <= 15 && user.All(char.IsAsciiDigit) && user[0] != '0',
            LidServer => user.Length > 0 && user.All(char.IsAsciiDigit),
            // Current group ids are digits; old ones are "<creator>-<timestamp>".
            GroupServer => user.Length > 0 && user.All(c => char.IsAsciiDigit(c) || c == '-'),
            _ => false,
        };
        return valid
            ? (user + "@" + server, null)
            : (null, $"'{user}@{server}' is not a WhatsApp JID (digits @{UserServer}, digits @{LidServer}, or a group id @{GroupServer})");
    }
}
