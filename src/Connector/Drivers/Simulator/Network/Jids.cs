using Evostream.Contracts.WhatsApp;

namespace Evostream.Connector.Drivers.Simulator.Network;

/// <summary>WhatsApp addresses: <c>digits@s.whatsapp.net</c> for people, <c>id@g.us</c> for groups.</summary>
public static class Jids
{
    public const string UserServer = "@" + WhatsAppAddress.UserServer;
    public const string GroupServer = "@" + WhatsAppAddress.GroupServer;

    public static string User(string number) => number + UserServer;

    public static bool IsGroup(string jid) => jid.EndsWith(GroupServer, StringComparison.Ordinal);

    /// <summary>
    /// The number behind a user JID or a typed number ("+55 11 99999-9999" as Evolution strips it); null when it is
    /// neither. Only what <see cref="WhatsAppAddress.IsPhoneNumber"/> takes qualifies: the rule the command processor
    /// validated the command with, so the network reaches every number a command may name.
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

        return WhatsAppAddress.Digits(text) is { } digits && WhatsAppAddress.IsPhoneNumber(digits) ? digits : null;
    }

    /// <summary>Why <paramref name="typed"/> is not a number <see cref="Number"/> takes, following the field's name.</summary>
    public static string NotANumber(string? typed) =>
        $"'{typed}' is not a phone number: expected {WhatsAppAddress.MinDigits} to {WhatsAppAddress.MaxDigits} digits with the country code.";

    /// <summary>A group JID as Evolution takes it: with or without <c>@g.us</c>.</summary>
    public static string Group(string groupJid) => IsGroup(groupJid) ? groupJid.Trim() : groupJid.Trim() + GroupServer;
}
