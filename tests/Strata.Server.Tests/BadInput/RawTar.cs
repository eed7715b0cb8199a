using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Strata.Server.Tests.BadInput;

/// <summary>
/// Writes tar archives byte by byte (ustar headers, GNU long names, PAX records), so that an entry can be
/// anything a hostile archive holds: traversal names, links, devices, lying sizes, bad checksums.
/// </summary>
internal sealed class RawTar
{
    private readonly MemoryStream _tar = new();

    /// <summary>Entry types, as the header's typeflag byte.</summary>
    public const byte Regular = (byte)'0', HardLink = (byte)'1', SymLink = (byte)'2', CharDevice = (byte)'3', BlockDevice = (byte)'4', Dir = (byte)'5', Fifo = (byte)'6';

    public RawTar Entry(string name, byte type, byte[]? data = null, string link = "", string? sizeField = null, bool badChecksum = false)
    {
        data ??= [];
        var header = new byte[512];
        Put(header, 0, 100, name);
        Put(header, 100, 8, "0000644");
        Put(header, 108, 8, "0000000");
        Put(header, 116, 8, "0000000");
        Put(header, 124, 12, sizeField ?? Convert.ToString(data.Length, 8).PadLeft(11, '0'));
        Put(header, 136, 12, "14712345670");
        header[156] = type;
        Put(header, 157, 100, link);
        Put(header, 257, 6, "ustar");
        Put(header, 263, 2, "00");
        for (var i = 148; i < 156; i++)
        {
            header[i] = (byte)' ';
        }

        var sum = header.Sum(b => (int)b) + (badChecksum ? 1 : 0);
        Put(header, 148, 8, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        _tar.Write(header);
        _tar.Write(data);
        _tar.Write(new byte[(512 - (data.Length % 512)) % 512]);
        return this;
    }

    public RawTar File(string name, string text) => Entry(name, Regular, Encoding.UTF8.GetBytes(text));

    /// <summary>A GNU long-name record ('L') naming the next entry.</summary>
    public RawTar GnuLongName(string name) => Entry("././@LongLink", (byte)'L', Encoding.UTF8.GetBytes(name + "\0"));

    /// <summary>A PAX extended header ('x') with the given records for the next entry.</summary>
    public RawTar Pax(params (string Key, string Value)[] records)
    {
        var body = new StringBuilder();
        foreach (var (key, value) in records)
        {
            var record = $" {key}={value}\n";
            var length = Encoding.UTF8.GetByteCount(record);
            var total = length + length.ToString(CultureInfo.InvariantCulture).Length;
            if ((total).ToString(CultureInfo.InvariantCulture).Length != length.ToString(CultureInfo.InvariantCulture).Length)
            {
                total++;
            }

            body.Append(total.ToString(CultureInfo.InvariantCulture)).Append(record);
        }

        return Entry("PaxHeaders/x", (byte)'x', Encoding.UTF8.GetBytes(body.ToString()));
    }

    public RawTar Bytes(byte[] bytes)
    {
        _tar.Write(bytes);
        return this;
    }

    /// <summary>The tar with its end-of-archive blocks.</summary>
    public byte[] Tar(bool end = true) => end ? [.. _tar.ToArray(), .. new byte[1024]] : _tar.ToArray();

    public byte[] TarGz(bool end = true) => Gzip(Tar(end));

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static void Put(byte[] header, int offset, int length, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Array.Copy(bytes, 0, header, offset, Math.Min(bytes.Length, length));
    }
}
