namespace Evostream.Connector.Drivers.Simulator.Linking;

/// <summary>The 8-character code a phone types under "Link with phone number"; Baileys' alphabet (Crockford-like, no 0, I, O, U).</summary>
public static class PairingCode
{
    public const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";
    public const int Length = 8;

    public static string Create(Random random) =>
        string.Create(Length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });

    /// <summary>Phones show it as ABCD-EFGH and people type either form, in either case.</summary>
    public static string Normalize(string typed) => typed.Replace("-", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}
