using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Evostream.Tests.Simulator;

/// <summary>
/// Just enough of a PNG decoder to check a QR image: verifies the signature and every chunk's CRC, inflates the
/// image data, undoes the scanline filters and samples the centre of each module (dark = true).
/// </summary>
public static class PngModules
{
    private static readonly byte[] s_signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static bool[,] Read(byte[] png, int pixelsPerModule)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(s_signature), "not a PNG signature");
        int width = 0, height = 0, depth = 0, colorType = 0;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(crc, Crc32(png.AsSpan(offset + 4, length + 4)));
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colorType = data[9];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                default:
                    break;
            }

            offset += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidDataException($"color type {colorType}") };
        var bitsPerPixel = depth * channels;
        var stride = (width * bitsPerPixel + 7) / 8;
        var bpp = Math.Max(1, bitsPerPixel / 8);
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var bytes = raw.ToArray();
        var rows = new byte[height][];
        var previous = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (stride + 1)];
            var row = bytes.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                row[i] = (byte)(row[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }

            rows[y] = row;
            previous = row;
        }

        var size = width / pixelsPerModule;
        var modules = new bool[size, size];
        for (var r = 0; r < size; r++)
        {
            for (var col = 0; col < size; col++)
            {
                var x = (col * pixelsPerModule) + (pixelsPerModule / 2);
                var y = (r * pixelsPerModule) + (pixelsPerModule / 2);
                modules[r, col] = Luma(rows[y], x, depth, colorType, palette) < 128;
            }
        }

        return modules;
    }

    private static int Luma(byte[] row, int x, int depth, int colorType, byte[]? palette)
    {
        int sample;
        if (depth < 8)
        {
            var bit = x * depth;
            sample = (row[bit / 8] >> (8 - depth - (bit % 8))) & ((1 << depth) - 1);
        }
        else
        {
            var channels = colorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
            sample = row[x * channels * (depth / 8)];
        }

        return colorType switch
        {
            3 => palette![sample * 3],
            0 when depth < 8 => sample * 255 / ((1 << depth) - 1),
            _ => sample,
        };
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in data)
        {
            crc ^= value;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
