namespace Strata.Core.Building;

/// <summary>
/// Keeps a copy of an app's sources in one place between builds, so that build tools see the same
/// paths every time and keep what they left in <c>bin/</c> and <c>obj/</c> (restore results, compiled
/// outputs): a deploy stages its sources in a fresh folder, where every build would start from scratch.
/// Files whose bytes are unchanged are left alone (their times too, which tools compare); changed ones
/// are rewritten and stamped now; files and folders the sources no longer have are removed, except
/// the build folders (<see cref="SourceFolders"/>), which are the tools'.
/// </summary>
public static class SourceMirror
{
    /// <summary>Makes <paramref name="mirror"/> hold the sources of <paramref name="source"/>.</summary>
    /// <returns>How many files were copied or removed.</returns>
    public static int Sync(string source, string mirror)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(mirror);
        if (!Directory.Exists(source))
        {
            throw new StrataException($"The source folder '{source}' does not exist.", source);
        }

        Directory.CreateDirectory(mirror);
        return SyncFolder(source, mirror, DateTime.UtcNow);
    }

    private static int SyncFolder(string source, string mirror, DateTime now)
    {
        var changes = 0;
        var folders = Directory.EnumerateDirectories(source)
            .Where(d => !SourceFolders.IsExcluded(Path.GetFileName(d)) && new DirectoryInfo(d).LinkTarget is null)
            .ToDictionary(d => Path.GetFileName(d), StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(source).ToDictionary(d => Path.GetFileName(d), StringComparer.Ordinal);

        foreach (var entry in Directory.EnumerateFileSystemEntries(mirror))
        {
            var name = Path.GetFileName(entry);
            var isFolder = Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null;
            if (isFolder ? folders.ContainsKey(name) || SourceFolders.IsExcluded(name) : files.ContainsKey(name))
            {
                continue;
            }

            if (isFolder)
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }

            changes++;
        }

        foreach (var (name, file) in files)
        {
            var target = Path.Combine(mirror, name);
            if (File.Exists(target) && SameBytes(file, target))
            {
                continue;
            }

            File.Copy(file, target, overwrite: true);
            File.SetLastWriteTimeUtc(target, now);
            changes++;
        }

        foreach (var (name, folder) in folders)
        {
            var target = Path.Combine(mirror, name);
            Directory.CreateDirectory(target);
            changes += SyncFolder(folder, target, now);
        }

        return changes;
    }

    private static bool SameBytes(string a, string b)
    {
        if (new FileInfo(a).Length != new FileInfo(b).Length)
        {
            return false;
        }

        using var left = File.OpenRead(a);
        using var right = File.OpenRead(b);
        Span<byte> x = stackalloc byte[8192];
        Span<byte> y = stackalloc byte[8192];
        while (true)
        {
            var read = left.ReadAtLeast(x, x.Length, throwOnEndOfStream: false);
            if (read == 0)
            {
                return true;
            }

            right.ReadExactly(y[..read]);
            if (!x[..read].SequenceEqual(y[..read]))
            {
                return false;
            }
        }
    }
}
