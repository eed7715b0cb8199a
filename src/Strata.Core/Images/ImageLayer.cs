using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Strata.Core.Images;

/// <summary>
/// A gzip-compressed tar layer in a file, with its blob digest (of the gzip) and diff id (of the tar).
/// Entries carry fixed owners and times, so the same files always give the same digests.
/// </summary>
/// <param name="Path">The <c>.tar.gz</c> file.</param>
/// <param name="Digest">The <c>sha256:</c> digest of the file: the blob's name in the registry.</param>
/// <param name="DiffId">The <c>sha256:</c> digest of the uncompressed tar, as the image config lists it.</param>
/// <param name="Length">The file's size in bytes.</param>
public sealed record ImageLayer(string Path, string Digest, string DiffId, long Length)
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One file or folder of a layer: where it comes from on this machine and where it goes in the image.</summary>
    /// <param name="ImagePath">The absolute path in the image, e.g. <c>/app/Hello.dll</c>.</param>
    /// <param name="SourcePath">The file on this machine (links are followed); null for a folder.</param>
    /// <param name="Mode">Unix permissions; null takes the source file's.</param>
    /// <param name="Content">Literal content instead of a source file.</param>
    public sealed record Entry(string ImagePath, string? SourcePath, UnixFileMode? Mode = null, byte[]? Content = null);

    /// <summary>Writes <paramref name="entries"/> (parent folders added, sorted, duplicates kept once) into <paramref name="path"/>.</summary>
    public static ImageLayer Create(string path, IEnumerable<Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byPath = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = entry.ImagePath.Trim('/');
            for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = name.IndexOf('/', slash + 1))
            {
                byPath.TryAdd(name[..slash], new Entry("/" + name[..slash], null));
            }

            byPath[name] = entry;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        using var tarHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var hashing = new HashingStream(gzip, tarHash))
        using (var tar = new TarWriter(hashing, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var (name, entry) in byPath)
            {
                var tarEntry = ToTarEntry(name, entry);
                tar.WriteEntry(tarEntry);
                tarEntry.DataStream?.Dispose();
            }
        }

        using var read = File.OpenRead(path);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(read));
        return new ImageLayer(path, digest, "sha256:" + Convert.ToHexStringLower(tarHash.GetHashAndReset()), new FileInfo(path).Length);
    }

    /// <summary>Every file under <paramref name="folder"/>, placed under <paramref name="imageFolder"/>.</summary>
    public static IEnumerable<Entry> FolderEntries(string folder, string imageFolder)
    {
        var root = System.IO.Path.GetFullPath(folder);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
            yield return new Entry($"{imageFolder.TrimEnd('/')}/{relative}", file);
        }
    }

    private static GnuTarEntry ToTarEntry(string name, Entry entry)
    {
        const UnixFileMode FolderMode = (UnixFileMode)493; // 0755
        GnuTarEntry tarEntry;
        if (entry.SourcePath is null && entry.Content is null)
        {
            tarEntry = new GnuTarEntry(TarEntryType.Directory, name + "/") { Mode = entry.Mode ?? FolderMode };
        }
        else
        {
            tarEntry = new GnuTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = entry.Mode ?? (OperatingSystem.IsWindows() ? (UnixFileMode)420 /* 0644 */ : File.GetUnixFileMode(entry.SourcePath!)),
                DataStream = entry.Content is { } content ? new MemoryStream(content) : File.OpenRead(entry.SourcePath!),
            };
        }

        tarEntry.ModificationTime = FixedTime;
        tarEntry.AccessTime = FixedTime;
        tarEntry.ChangeTime = FixedTime;
        tarEntry.Uid = 0;
        tarEntry.Gid = 0;
        tarEntry.UserName = "root";
        tarEntry.GroupName = "root";
        return tarEntry;
    }

    // Hashes the uncompressed tar on its way into the gzip stream.
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
