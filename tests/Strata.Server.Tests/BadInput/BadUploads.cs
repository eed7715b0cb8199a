using System.IO.Compression;
using System.Text;

namespace Strata.Server.Tests.BadInput;

/// <summary>
/// Hostile source archives (tar.gz deploy bodies) and plugin packages: traversal, absolute names, links
/// and devices, duplicates, truncation, corruption, bombs, non-gzip bytes, oversized bodies. Every archive's
/// manifest (when it has one) names another app than the one deployed, so none would build.
/// </summary>
internal static class BadUploads
{
    public const string Manifest = "name: hello\nvertical: functions\nspec:\n  handler: Hello.Function\n";

    private static string DeployPath => $"/api/apps/{BadManifests.GuardApp}/deploy";

    /// <summary>Archives as named scenarios; <paramref name="canary"/> is the folder beside the data folder that traversal aims at.</summary>
    public static IEnumerable<(string Label, byte[] TarGz)> Archives(string canary)
    {
        const byte F = RawTar.Regular;
        var targets = new[] { "../pwned", "../../pwned", "../../../canary/pwned", "../../../../canary/pwned", "a/../../pwned", "./../pwned", "..\\..\\pwned", "strata.yaml/../../pwned", "..", "../", ".", "./", "a/b/../../../pwned", $"{canary}/pwned-abs", "/tmp/../" + canary.TrimStart('/') + "/pwned-abs2", "//" + canary.TrimStart('/') + "/pwned-abs3", "~/pwned" };
        foreach (var target in targets)
        {
            yield return ($"file {target}", new RawTar().File("strata.yaml", Manifest).File(target, "pwned").TarGz());
            yield return ($"file {target} before the manifest", new RawTar().File(target, "pwned").File("strata.yaml", Manifest).TarGz());
            yield return ($"directory {target}", new RawTar().Entry(target.TrimEnd('/') + "/", RawTar.Dir).File("strata.yaml", Manifest).TarGz());
            yield return ($"GNU long name {target}", new RawTar().File("strata.yaml", Manifest).GnuLongName(target + "/" + new string('l', 120)).File("short", "pwned").TarGz());
            yield return ($"PAX path {target}", new RawTar().File("strata.yaml", Manifest).Pax(("path", target)).File("innocent", "pwned").TarGz());
            yield return ($"symlink app -> {target}", new RawTar().Entry("app", RawTar.SymLink, link: target).File("app/pwned", "pwned").File("strata.yaml", Manifest).TarGz());
            yield return ($"hardlink x -> {target}", new RawTar().Entry("x", RawTar.HardLink, link: target).File("x", "pwned").File("strata.yaml", Manifest).TarGz());
        }

        yield return ("symlink strata.yaml -> /etc/passwd", new RawTar().Entry("strata.yaml", RawTar.SymLink, link: "/etc/passwd").TarGz());
        yield return ("hardlink strata.yaml -> /etc/passwd", new RawTar().Entry("strata.yaml", RawTar.HardLink, link: "/etc/passwd").TarGz());
        yield return ("symlink / then through it", new RawTar().Entry("root", RawTar.SymLink, link: "/").File($"root{canary}/pwned-link", "pwned").File("strata.yaml", Manifest).TarGz());
        yield return ("symlink canary then through it", new RawTar().Entry("c", RawTar.SymLink, link: canary).File("c/pwned-link2", "pwned").File("strata.yaml", Manifest).TarGz());
        yield return ("symlink loop", new RawTar().Entry("a", RawTar.SymLink, link: "b").Entry("b", RawTar.SymLink, link: "a").File("strata.yaml", Manifest).TarGz());
        foreach (var (type, name) in new[] { (RawTar.Fifo, "fifo"), (RawTar.CharDevice, "char device"), (RawTar.BlockDevice, "block device"), ((byte)'7', "contiguous"), ((byte)'Z', "unknown type"), ((byte)'g', "global PAX"), ((byte)'V', "volume label"), ((byte)'S', "sparse") })
        {
            yield return ($"{name} strata.yaml", new RawTar().Entry("strata.yaml", type).TarGz());
            yield return ($"{name} beside the manifest", new RawTar().Entry("dev/x", type, link: "/dev/sda").File("strata.yaml", Manifest).TarGz());
        }

        yield return ("duplicate strata.yaml", new RawTar().File("strata.yaml", Manifest).File("strata.yaml", Manifest.Replace("hello", "other", StringComparison.Ordinal)).TarGz());
        yield return ("duplicate ./strata.yaml", new RawTar().File("strata.yaml", Manifest).File("./strata.yaml", "name: x").File(".//strata.yaml", "[").TarGz());
        yield return ("directory then file of one name", new RawTar().Entry("x/", RawTar.Dir).File("x", "file").File("strata.yaml", Manifest).TarGz());
        yield return ("file then directory of one name", new RawTar().File("x", "file").Entry("x/", RawTar.Dir).File("strata.yaml", Manifest).TarGz());
        yield return ("file then a file under it", new RawTar().File("x", "file").File("x/y", "file").File("strata.yaml", Manifest).TarGz());
        yield return ("strata.yaml as a directory", new RawTar().Entry("strata.yaml/", RawTar.Dir).File("strata.yaml/x", Manifest).TarGz());
        yield return ("manifest only in a subfolder", new RawTar().File("sub/strata.yaml", Manifest).TarGz());
        yield return ("manifest outside the root", new RawTar().File("../strata.yaml", Manifest).TarGz());
        yield return ("no entries", new RawTar().TarGz());
        yield return ("no end blocks", new RawTar().File("strata.yaml", Manifest).TarGz(end: false));
        yield return ("name of 300 characters", new RawTar().File("strata.yaml", Manifest).GnuLongName(new string('a', 300)).File("x", "long").TarGz());
        yield return ("path of 5000 characters", new RawTar().File("strata.yaml", Manifest).Pax(("path", string.Join('/', Enumerable.Repeat(new string('d', 40), 125)) + "/f")).File("x", "deep").TarGz());
        yield return ("path of 300 nested folders", new RawTar().File("strata.yaml", Manifest).Pax(("path", string.Join('/', Enumerable.Repeat("d", 300)) + "/f")).File("x", "deep").TarGz());
        yield return ("NUL in a name", new RawTar().File("strata.yaml", Manifest).Pax(("path", "a\0b")).File("x", "nul").TarGz());
        yield return ("newline in a name", new RawTar().File("strata.yaml", Manifest).File("a\nb", "nl").TarGz());
        yield return ("control characters in a name", new RawTar().File("strata.yaml", Manifest).File("\u0001\u001b[31m", "ctl").TarGz());
        yield return ("unicode names", new RawTar().File("strata.yaml", Manifest).File("\u00e9t\u00e9/\u202e/\ud83d\ude00", "u").TarGz());
        yield return ("invalid UTF-8 name", new RawTar().File("strata.yaml", Manifest).Pax(("path", "\udc80x")).File("x", "u").TarGz());
        yield return ("strata.yaml with a trailing space", new RawTar().File("strata.yaml ", Manifest).TarGz());
        yield return ("STRATA.YAML", new RawTar().File("STRATA.YAML", Manifest).TarGz());
        yield return ("size field claims 8 GiB", new RawTar().Entry("strata.yaml", F, Encoding.UTF8.GetBytes(Manifest), sizeField: "77777777777").TarGz());
        yield return ("size field garbage", new RawTar().Entry("strata.yaml", F, Encoding.UTF8.GetBytes(Manifest), sizeField: "zzzzzzzzzzz").TarGz());
        yield return ("size field negative", new RawTar().Entry("strata.yaml", F, Encoding.UTF8.GetBytes(Manifest), sizeField: "-0000000001").TarGz());
        yield return ("size field base-256 huge", new RawTar().Entry("strata.yaml", F, Encoding.UTF8.GetBytes(Manifest), sizeField: "\u0080\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff").TarGz());
        yield return ("PAX size claims 1 TB", new RawTar().Pax(("size", "1000000000000")).File("strata.yaml", Manifest).TarGz());
        yield return ("PAX size negative", new RawTar().Pax(("size", "-5")).File("strata.yaml", Manifest).TarGz());
        yield return ("PAX record malformed", new RawTar().Entry("PaxHeaders/x", (byte)'x', Encoding.UTF8.GetBytes("999 path=x\nnonsense")).File("strata.yaml", Manifest).TarGz());
        yield return ("bad checksum", new RawTar().Entry("strata.yaml", F, Encoding.UTF8.GetBytes(Manifest), badChecksum: true).TarGz());
        yield return ("5000 empty files", Many(5000));
        yield return ("1000 nested empty folders", new RawTar().File("strata.yaml", Manifest).Pax(("path", string.Join('/', Enumerable.Repeat("n", 1000)) + "/")).Entry("dir/", RawTar.Dir).TarGz());
    }

    /// <summary>Every upload case: the archives, their truncations and corruptions, non-gzip bodies, bombs and oversized bodies.</summary>
    public static IEnumerable<BadInputCase> Generate(string canary, int corruptions, int seed)
    {
        var random = new Random(seed);
        var archives = Archives(canary).ToList();
        foreach (var (label, bytes) in archives)
        {
            yield return Upload("uploads:archive", label, bytes);
        }

        var sample = new RawTar().File("strata.yaml", Manifest).File("src/Function.cs", "namespace Hello; public sealed class Function { }").File("README.md", new string('r', 3000)).Tar();
        var sampleGz = RawTar.Gzip(sample);
        for (var i = 0; i < corruptions; i++)
        {
            switch (i % 4)
            {
                case 0:
                    var cut = random.Next(sampleGz.Length);
                    yield return Upload("uploads:truncated", $"gzip cut at {cut}/{sampleGz.Length}", sampleGz[..cut]);
                    break;
                case 1:
                    var tarCut = random.Next(sample.Length);
                    yield return Upload("uploads:truncated", $"tar cut at {tarCut}/{sample.Length}", RawTar.Gzip(sample[..tarCut]));
                    break;
                case 2:
                    var flipped = (byte[])sampleGz.Clone();
                    var at = random.Next(flipped.Length);
                    flipped[at] ^= (byte)(1 + random.Next(255));
                    yield return Upload("uploads:corrupt", $"gzip byte {at} flipped", flipped);
                    break;
                default:
                    var tar = (byte[])sample.Clone();
                    var positions = Enumerable.Range(0, 1 + random.Next(8)).Select(_ => random.Next(2048)).ToList();
                    foreach (var p in positions)
                    {
                        tar[p] = (byte)random.Next(256);
                    }

                    yield return Upload("uploads:corrupt", $"tar header bytes {string.Join(",", positions)} changed", RawTar.Gzip(tar));
                    break;
            }
        }

        byte[][] notGzip =
        [
            [], [0x1F], [0x1F, 0x8B], [0x1F, 0x8B, 0x08], [0x1F, 0x8B, 0x07, 0, 0, 0, 0, 0, 0, 3], Encoding.UTF8.GetBytes(Manifest), sample, Encoding.UTF8.GetBytes("PK\u0003\u0004 zip"),
            Encoding.UTF8.GetBytes("BZh91AY&SY"), [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], [0x28, 0xB5, 0x2F, 0xFD], Encoding.UTF8.GetBytes("{\"path\":\"/\"}"), new byte[4096],
            [.. Enumerable.Range(0, 65536).Select(i => (byte)(i * 2654435761 >> 13))], [.. sampleGz, .. "trailing garbage"u8.ToArray()], [.. sampleGz, .. sampleGz], RawTar.Gzip(sampleGz), RawTar.Gzip([]),
            RawTar.Gzip(new byte[1024]), Deflate(sample), Brotli(sample),
        ];
        foreach (var (bytes, i) in notGzip.Select((b, i) => (b, i)))
        {
            yield return Upload("uploads:not-gzip", $"body {i} ({bytes.Length} bytes)", bytes);
        }

        foreach (var type in new[] { "application/x-tar", "text/plain", "application/zip", "multipart/form-data; boundary=x", "application/gzip; charset=nope", "application/x-gzip", "application/x-tar+gzip", "application/octet-stream" })
        {
            // A traversal archive under every Content-Type: refused as the wrong type, or as an archive pointing outside.
            yield return new BadInputCase("uploads:content-type", $"Content-Type {type}", HttpMethod.Post, DeployPath, BadInputCase.Bytes(archives[2].TarGz, type));
        }

        yield return new BadInputCase("uploads:content-type", "no Content-Type", HttpMethod.Post, DeployPath, BadInputCase.Bytes(sampleGz, null));
        yield return new BadInputCase("uploads:bomb", "21 entries of 10 MiB zeros (210 MiB, over the 200 MiB limit)", HttpMethod.Post, DeployPath, () => Bytes(Bomb(21, 10 << 20)));
        yield return new BadInputCase("uploads:bomb", "one entry of 256 MiB zeros", HttpMethod.Post, DeployPath, () => Bytes(Bomb(1, 256 << 20)));
        yield return new BadInputCase("uploads:oversized", $"{BadBodies.OversizedBytes} incompressible bytes", HttpMethod.Post, DeployPath, () =>
        {
            var bytes = new byte[BadBodies.OversizedBytes];
            new Random(seed).NextBytes(bytes);
            return Bytes(RawTar.Gzip(bytes)[..BadBodies.OversizedBytes]);
        });
    }

    /// <summary>Plugin packages in the host's feed folder that no host may install: not a zip, no nuspec, a broken one, entries that climb out.</summary>
    public static void WriteJunkFeed(string feed, string canary)
    {
        System.IO.Directory.CreateDirectory(feed);
        System.IO.File.WriteAllBytes(Path.Combine(feed, "Junk.NotZip.1.0.0.nupkg"), Encoding.UTF8.GetBytes("this is not a zip"));
        System.IO.File.WriteAllBytes(Path.Combine(feed, "Junk.Empty.1.0.0.nupkg"), []);
        Zip(Path.Combine(feed, "Junk.NoNuspec.1.0.0.nupkg"), ("readme.txt", "no nuspec"));
        Zip(Path.Combine(feed, "Junk.BadNuspec.1.0.0.nupkg"), ("Junk.BadNuspec.nuspec", "<package><metadata><id>Junk.BadNuspec</id><version>1.0.0"));
        Zip(Path.Combine(feed, "Junk.ZipSlip.1.0.0.nupkg"), ("Junk.ZipSlip.nuspec", Nuspec("Junk.ZipSlip")), ("lib/net10.0/Junk.ZipSlip.dll", "not a dll"),
            ("lib/net10.0/../../../../../../../../canary/pwned.dll", "pwned"), ($"lib/net10.0/{canary}/pwned2.dll", "pwned"));
        Zip(Path.Combine(feed, "Junk.NotADll.1.0.0.nupkg"), ("Junk.NotADll.nuspec", Nuspec("Junk.NotADll")), ("lib/net10.0/Junk.NotADll.dll", "MZ not really"));
        Zip(Path.Combine(feed, "Junk.BadDependency.1.0.0.nupkg"), ("Junk.BadDependency.nuspec", Nuspec("Junk.BadDependency", "<dependencies><group targetFramework=\"net10.0\"><dependency id=\"../../x\" version=\"[1.0.0]\" /></group></dependencies>")),
            ("lib/net10.0/Junk.BadDependency.dll", "x"));
        Zip(Path.Combine(feed, "Junk.OtherId.1.0.0.nupkg"), ("Junk.OtherId.nuspec", Nuspec("../../evil")), ("lib/net10.0/x.dll", "x"));
    }

    /// <summary>Installs of the junk packages.</summary>
    public static IEnumerable<BadInputCase> Packages()
    {
        foreach (var id in new[] { "Junk.NotZip", "Junk.Empty", "Junk.NoNuspec", "Junk.BadNuspec", "Junk.ZipSlip", "Junk.NotADll", "Junk.BadDependency", "Junk.OtherId" })
        {
            yield return BadInputCase.PostJson("uploads:package", $"install {id}", "/api/plugins", $"{{\"id\":\"{id}\"}}");
            yield return BadInputCase.PostJson("uploads:package", $"install {id} 1.0.0", "/api/plugins", $"{{\"id\":\"{id}\",\"version\":\"1.0.0\"}}");
            yield return BadInputCase.PostJson("uploads:package", $"update {id}", $"/api/plugins/{id}/update", "{}");
        }
    }

    private static BadInputCase Upload(string category, string label, byte[] bytes)
        => new(category, label, HttpMethod.Post, DeployPath, BadInputCase.Bytes(bytes, "application/gzip"));

    private static HttpContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/gzip");
        return content;
    }

    private static byte[] Many(int count)
    {
        var tar = new RawTar().File("strata.yaml", Manifest);
        for (var i = 0; i < count; i++)
        {
            tar.File($"f/{i}", "");
        }

        return tar.TarGz();
    }

    /// <summary>Entries of zeros, compressed as they stream (a few hundred KiB on the wire).</summary>
    private static byte[] Bomb(int entries, int size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new RawTar().File("strata.yaml", Manifest).Tar(end: false));
            var zeros = new byte[1 << 20];
            for (var e = 0; e < entries; e++)
            {
                gzip.Write(new RawTar().Entry($"zeros/{e}", RawTar.Regular, [], sizeField: Convert.ToString(size, 8).PadLeft(11, '0')).Tar(end: false));
                for (var written = 0; written < size; written += zeros.Length)
                {
                    gzip.Write(zeros, 0, Math.Min(zeros.Length, size - written));
                }
            }

            gzip.Write(new byte[1024]);
        }

        return output.ToArray();
    }

    private static byte[] Deflate(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Brotli(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(bytes);
        }

        return output.ToArray();
    }

    private static void Zip(string path, params (string Name, string Text)[] entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }
    }

    private static string Nuspec(string id, string dependencies = "")
        => $"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{id}</id><version>1.0.0</version><authors>x</authors><description>x</description>{dependencies}</metadata></package>";
}
