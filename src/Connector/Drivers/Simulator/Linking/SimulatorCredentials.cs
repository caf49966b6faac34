using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Evostream.Connector.Drivers.Simulator.Linking;

/// <summary>
/// A linked device's session blob: the number, the device id and an HMAC keyed from the network's seed. Any process
/// started with the same seed recognises it, so another replica or a restart resumes the session from stored
/// credentials; a blob from another seed, or edited by hand, is refused like a corrupt Baileys session.
/// </summary>
public sealed record SimulatorCredentials(string Number, int Device)
{
    private const string Version = "evostream-sim-v1";

    public byte[] Seal(long seed)
    {
        var body = Body(Number, Device);
        return Encoding.UTF8.GetBytes($"{body}:{Convert.ToHexStringLower(Mac(seed, body))}");
    }

    public static SimulatorCredentials? Open(ReadOnlySpan<byte> blob, long seed)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(blob);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var parts = text.Split(':');
        if (parts.Length != 4 || parts[0] != Version
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var device)
            || parts[3].Length != 64)
        {
            return null;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(parts[3]);
        }
        catch (FormatException)
        {
            return null;
        }

        var body = Body(parts[1], device);
        return CryptographicOperations.FixedTimeEquals(given, Mac(seed, body)) ? new SimulatorCredentials(parts[1], device) : null;
    }

    private static string Body(string number, int device) => string.Create(CultureInfo.InvariantCulture, $"{Version}:{number}:{device}");

    private static byte[] Mac(long seed, string body)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, BitConverter.GetBytes(seed), 32, info: Encoding.UTF8.GetBytes("evostream simulator credentials"));
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body));
    }
}
