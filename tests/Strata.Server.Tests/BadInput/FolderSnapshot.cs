namespace Strata.Server.Tests.BadInput;

/// <summary>Every file and folder under a root with each file's length and write time, to compare before and after.</summary>
internal sealed class FolderSnapshot
{
    private readonly Dictionary<string, (long Length, DateTime Written)> _entries;

    private FolderSnapshot(Dictionary<string, (long, DateTime)> entries) => _entries = entries;

    public static FolderSnapshot Take(string root)
    {
        var entries = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true, ReturnSpecialDirectories = false };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            entries[relative] = entry is FileInfo file ? (file.Length, file.LastWriteTimeUtc) : (-1, default);
        }

        return new FolderSnapshot(entries);
    }

    /// <summary>Paths added, removed or changed since <paramref name="before"/>, except those <paramref name="allowed"/> says may change.</summary>
    public IReadOnlyList<string> ChangesSince(FolderSnapshot before, Func<string, bool> allowed)
    {
        var changes = new List<(string Path, string Change)>();
        foreach (var (path, entry) in _entries)
        {
            if (!before._entries.TryGetValue(path, out var old))
            {
                changes.Add((path, "added"));
            }
            else if (old != entry)
            {
                changes.Add((path, $"changed ({old.Length} → {entry.Length} bytes)"));
            }
        }

        changes.AddRange(before._entries.Keys.Where(p => !_entries.ContainsKey(p)).Select(p => (p, "removed")));
        return [.. changes.Where(c => !allowed(c.Path)).Select(c => $"{c.Change}: {c.Path}").Order(StringComparer.Ordinal)];
    }
}
