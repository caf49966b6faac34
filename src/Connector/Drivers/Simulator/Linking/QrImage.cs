using QRCoder;

namespace Evostream.Connector.Drivers.Simulator.Linking;

/// <summary>Renders QR text as the <c>data:image/png;base64,...</c> URL Evolution puts in <c>qrcode.base64</c>.</summary>
public static class QrImage
{
    public const string DataUrlPrefix = "data:image/png;base64,";

    /// <summary>Error correction and scale fixed so the same text always gives the same bytes.</summary>
    public const QRCodeGenerator.ECCLevel Ecc = QRCodeGenerator.ECCLevel.L;

    public const int PixelsPerModule = 6;

    public static string DataUrl(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, Ecc);
        using var png = new PngByteQRCode(data);
        return DataUrlPrefix + Convert.ToBase64String(png.GetGraphic(PixelsPerModule));
    }
}
