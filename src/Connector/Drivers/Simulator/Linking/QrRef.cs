namespace Evostream.Connector.Drivers.Simulator.Linking;

/// <summary>
/// The text a WhatsApp Web QR encodes: <c>2@ref,noiseKey,identityKey,advSecret</c>, each part base64, as Baileys
/// builds it from the server's ref and the companion's keys.
/// </summary>
internal static class QrRef
{
    public static string Create(Random random)
    {
        var reference = new byte[32];
        var noise = new byte[32];
        var identity = new byte[32];
        var adv = new byte[16];
        random.NextBytes(reference);
        random.NextBytes(noise);
        random.NextBytes(identity);
        random.NextBytes(adv);
        return $"2@{Convert.ToBase64String(reference)},{Convert.ToBase64String(noise)},{Convert.ToBase64String(identity)},{Convert.ToBase64String(adv)}";
    }
}
