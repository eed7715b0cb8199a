using System.Formats.Tar;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Volumes;

/// <summary>
/// Makes a folder hold what a tar archive holds: files are written whole (a temporary file, then a rename),
/// so a reader of the folder never sees half a file; unchanged files (same size and time) are not rewritten;
/// a file an earlier copy brought that the archive no longer has is removed. Files the host wrote into the
/// folder itself (a vertical's cancel mark) stay: the list of what came from the archive is kept beside the
/// folder (<c>&lt;folder&gt;.files</c>). Entries that would land outside the folder (absolute paths, <c>..</c>)
/// are refused before anything of theirs is written, and so is a file that takes the total over the cap.
/// </summary>
internal static class TarMirror
{
    /// <summary>Mirrors <paramref name="archive"/> into <paramref name="folder"/>; returns the number of files it holds.</summary>
    /// <exception cref="StrataException">An entry's path leaves the folder, or the files hold more than <paramref name="maxBytes"/>.</exception>
    public static async Task<int> SyncAsync(Stream archive, string folder, long maxBytes, string source, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        var manifest = root + ".files";
        var previous = File.Exists(manifest) ? await File.ReadAllLinesAsync(manifest, cancellationToken).ConfigureAwait(false) : [];
        var copied = new List<string>();
        var kept = new HashSet<string>(StringComparer.Ordinal) { root };
        var total = 0L;
        var files = 0;
        await using var reader = new TarReader(archive, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var relative = RelativePath(entry.Name, source);
            if (relative is null)
            {
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new StrataException($"The archive of {source} has an entry outside its folder: '{entry.Name}'. Nothing outside the mirror is written; check what writes to the volume.");
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    Keep(kept, root, target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    total += entry.Length;
                    if (total > maxBytes)
                    {
                        throw new StrataException(
                            $"The files of {source} hold more than {maxBytes} bytes, the most the host copies (Strata:Kubernetes:VolumeMirrorMaxBytes); " +
                            "raise the limit or remove old results from the volume.");
                    }

                    await WriteAsync(entry, target, cancellationToken).ConfigureAwait(false);
                    Keep(kept, root, target);
                    copied.Add(Path.GetRelativePath(root, target));
                    files++;
                    break;
                default:
                    // Links and devices are not results: a link could point anywhere on the host.
                    break;
            }
        }

        Prune(root, kept, previous);
        await File.WriteAllLinesAsync(manifest + ".tmp", copied, cancellationToken).ConfigureAwait(false);
        File.Move(manifest + ".tmp", manifest, overwrite: true);
        return files;
    }

    /// <summary>The entry's path inside the folder (<c>./a/b</c> → <c>a/b</c>), null for the folder itself; throws for absolute paths and <c>..</c>.</summary>
    internal static string? RelativePath(string name, string source)
    {
        if (name.StartsWith('/') || name.StartsWith('\\') || Path.IsPathRooted(name))
        {
            throw new StrataException($"The archive of {source} has an entry with an absolute path: '{name}'. Nothing outside the mirror is written; check what writes to the volume.");
        }

        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Any(p => p == ".." || p.Contains('\\', StringComparison.Ordinal) || p.Contains('\0', StringComparison.Ordinal)))
        {
            throw new StrataException($"The archive of {source} has an entry that leaves its folder: '{name}'. Nothing outside the mirror is written; check what writes to the volume.");
        }

        return parts.Count == 0 ? null : Path.Combine([.. parts]);
    }

    private static async Task WriteAsync(TarEntry entry, string target, CancellationToken cancellationToken)
    {
        var modified = entry.ModificationTime.UtcDateTime;
        var existing = new FileInfo(target);
        if (existing.Exists && existing.Length == entry.Length && existing.LastWriteTimeUtc == modified)
        {
            return;
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".strata-mirror.tmp";
        var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using (output.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }

        File.SetLastWriteTimeUtc(temporary, modified);
        File.Move(temporary, target, overwrite: true);
    }

    private static void Keep(HashSet<string> kept, string root, string path)
    {
        for (var current = path; current.Length > root.Length && kept.Add(current); current = Path.GetDirectoryName(current)!)
        {
        }
    }

    private static void Prune(string root, HashSet<string> kept, IEnumerable<string> previous)
    {
        foreach (var relative in previous)
        {
            // Only what an earlier copy wrote, and only inside the folder (the list is a file on disk).
            var file = Path.GetFullPath(Path.Combine(root, relative));
            if (file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !kept.Contains(file) && File.Exists(file))
            {
                File.Delete(file);
            }
        }

        // Folders left empty, deepest first.
        foreach (var directory in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Where(d => !kept.Contains(d)).OrderByDescending(d => d.Length).ToList())
        {
            if (!Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
    }
}
