using System.Text.Json;

namespace Evostream.Api.Streaming.SocketIo;

/// <summary>
/// A Socket.IO v5 packet as carried in an Engine.IO message (after its leading <c>4</c>): a type digit, then
/// <c>/namespace,</c> unless the namespace is <c>/</c>, an optional ack id, then JSON.
/// </summary>
public readonly record struct SocketIoPacket(char Type, string Namespace, string Json)
{
    public const char Connect = '0';
    public const char Disconnect = '1';
    public const char Event = '2';
    public const char ConnectError = '4';

    public static bool TryParse(string text, out SocketIoPacket packet)
    {
        packet = default;
        if (text.Length == 0 || text[0] is < '0' or > '6')
        {
            return false;
        }

        var rest = text.AsSpan(1);
        var ns = "/";
        if (rest.Length > 0 && rest[0] == '/')
        {
            var comma = rest.IndexOf(',');
            ns = (comma < 0 ? rest : rest[..comma]).ToString();
            rest = comma < 0 ? [] : rest[(comma + 1)..];
        }

        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        packet = new SocketIoPacket(text[0], ns, rest[digits..].ToString());
        return true;
    }

    /// <summary>The Engine.IO message text of a packet: <c>4</c>, the type, the namespace part, the JSON.</summary>
    public static string Encode(char type, string ns, string json) => ns == "/" ? $"4{type}{json}" : $"4{type}{ns},{json}";

    public static string Error(string ns, string message) =>
        Encode(ConnectError, ns, JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }));
}
