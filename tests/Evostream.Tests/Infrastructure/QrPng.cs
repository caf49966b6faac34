using StbImageSharp;
using ZXing;
using ZXing.Common;

namespace Evostream.Tests.Infrastructure;

/// <summary>
/// Reads the text of the QR code in a PNG the way a phone's camera would: StbImageSharp decodes the PNG to grey
/// levels and ZXing finds and decodes the code, independently of QRCoder, which drew it.
/// </summary>
public static class QrPng
{
    public const string DataUrlPrefix = "data:image/png;base64,";

    /// <summary>The text of the only QR code in <paramref name="png"/>; fails the test when none can be read.</summary>
    public static string Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.Grey);
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        var result = reader.Decode(new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8));
        Assert.True(result is not null, $"no QR code could be read in the {image.Width}x{image.Height} PNG");
        return result.Text;
    }

    /// <summary>The text of the QR code in a <c>data:image/png;base64,</c> URI, as Evolution's <c>qrcode.base64</c> carries it.</summary>
    public static string DecodeDataUrl(string dataUrl)
    {
        Assert.StartsWith(DataUrlPrefix, dataUrl, StringComparison.Ordinal);
        return Decode(Convert.FromBase64String(dataUrl[DataUrlPrefix.Length..]));
    }
}
