namespace Evostream.Connector.Drivers.Simulator.Network;

/// <summary>WhatsApp addresses: <c>digits@s.whatsapp.net</c> for people, <c>id@g.us</c> for groups.</summary>
public static class Jids
{
    public const string UserServer = "@s.whatsapp.net";
    public const string GroupServer = "@g.us";

    public static string User(string number) => number + UserServer;

    public static bool IsGroup(string jid) => jid.EndsWith(GroupServer, StringComparison.Ordinal);

    /// <summary>
    /// The number behind a user JID or a typed number ("+55 11 99999-9999" as Evolution strips it); null when it is
    /// neither. Only WhatsApp-plausible numbers qualify: 10 to 15 digits with a country code (which never starts with 0).
    /// </summary>
    public static string? Number(string jidOrNumber)
    {
        var text = jidOrNumber.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!text.AsSpan(at).SequenceEqual(UserServer))
            {
                return null;
            }

            text = text[..at];
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                text = text[..colon];   // a device JID: number:device@s.whatsapp.net
            }
        }

        var digits = new string([.. text.Where(c => c is not ('+' or ' ' or '-' or '(' or ')'))]);
        return digits.Length is >= 10 and <= 15 && digits.All(char.IsAsciiDigit) && digits[0] != '0' ? digits : null;
    }

    /// <summary>A group JID as Evolution takes it: with or without <c>@g.us</c>.</summary>
    public static string Group(string groupJid) => IsGroup(groupJid) ? groupJid.Trim() : groupJid.Trim() + GroupServer;
}
