using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// Decodes the 8-bit RGB PNGs the simulation API serves, checking what a viewer checks: the signature,
/// each chunk's CRC, IHDR, the zlib stream and every scanline's filter (all five are undone).
/// </summary>
internal static class SimulationPngDecoder
{
    public static (int Width, int Height, byte[] Rgb) Decode(byte[] png)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "not a PNG signature");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        var at = 8;
        while (true)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)), Crc(png.AsSpan(at + 4, length + 4)));
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.Equal((8, 2, 0, 0, 0), (data[8], data[9], data[10], data[11], data[12]));
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = width * 3;
        Assert.Equal(height * (stride + 1), raw.Length);
        var rgb = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = raw[(y * (stride + 1)) + 1 + x];
                int left = x >= 3 ? rgb[(y * stride) + x - 3] : 0, up = y > 0 ? rgb[((y - 1) * stride) + x] : 0, corner = x >= 3 && y > 0 ? rgb[((y - 1) * stride) + x - 3] : 0;
                rgb[(y * stride) + x] = (byte)(value + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, corner),
                    _ => throw new InvalidDataException($"scanline {y} has filter {filter}"),
                });
            }
        }

        return (width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
