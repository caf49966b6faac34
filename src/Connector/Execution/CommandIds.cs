using System.Security.Cryptography;
using System.Text;

namespace Evostream.Connector.Execution;

/// <summary>Identifiers derived from a command id, so a redo after a crash produces the very same ones.</summary>
public static class CommandIds
{
    /// <summary>Baileys-like WhatsApp key id: "3EB0" and 18 upper-case hex characters.</summary>
    public static string MessageId(string commandId) => "3EB0" + Convert.ToHexString(Hash(commandId))[..18];

    /// <summary>The id of the <paramref name="index"/>-th event a command produced, in uuid form.</summary>
    public static string EventId(string commandId, int index) => new Guid(Hash($"{commandId}#event#{index}").AsSpan(0, 16)).ToString();

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
