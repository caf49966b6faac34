namespace Evostream.Contracts.WhatsApp;

/// <summary>
/// What counts as a WhatsApp address, for every stage: the command processor's validation and the simulated network
/// apply this one rule, so a number the processor accepts is one the transport can reach.
/// </summary>
public static class WhatsAppAddress
{
    /// <summary>People: <c>digits@s.whatsapp.net</c>.</summary>
    public const string UserServer = "s.whatsapp.net";

    /// <summary>Groups: <c>id@g.us</c>.</summary>
    public const string GroupServer = "g.us";

    /// <summary>Hidden-number accounts (LID): <c>digits@lid</c>.</summary>
    public const string LidServer = "lid";

    /// <summary>
    /// The fewest digits of a number with its country code. E.164 sets no floor beyond its 1 to 3 digit country code,
    /// and real numbering plans go down to 7 in all: Niue (+683) has 4-digit subscriber numbers. A floor of 10, enough
    /// for most of the world, would refuse whole countries WhatsApp serves: the Falklands (+500), Saint Helena (+290)
    /// and the Cook Islands (+682) have 5-digit numbers (8 in all). Evolution itself counts no digits at all (its
    /// createJid only strips separators), so the floor only catches what no numbering plan issues.
    /// </summary>
    public const int MinDigits = 7;

    /// <summary>E.164's ceiling: at most 15 digits, country code included.</summary>
    public const int MaxDigits = 15;

    /// <summary>
    /// The digits of a typed number, with the separators people write dropped ('+', spaces, dashes and parentheses,
    /// which Evolution strips too); null when anything else is in it. Says nothing of the length: see <see cref="IsPhoneNumber"/>.
    /// </summary>
    public static string? Digits(string typed)
    {
        var digits = new string([.. typed.Where(c => c is not ('+' or ' ' or '-' or '(' or ')'))]);
        return digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>
    /// Whether <paramref name="digits"/> is a number with its country code: <see cref="MinDigits"/> to
    /// <see cref="MaxDigits"/> ASCII digits, not starting with 0 (no country code does; a leading 0 is a national
    /// trunk prefix, which WhatsApp does not take).
    /// </summary>
    public static bool IsPhoneNumber(string digits) =>
        digits.Length is >= MinDigits and <= MaxDigits && digits[0] != '0' && digits.All(char.IsAsciiDigit);
}
