namespace Strata.Server.Tests.BadInput;

/// <summary>Every file and folder under a root with each file's length and write time, to compare before and after.</summary>
internal sealed class FolderSnapshot
{
    private readonly Dictionary<string, (long Length, DateTime Written)> _entries;

    private FolderSnapshot(Dictionary<string, (long, DateTime)> entries) => _entries = entries;

    public static FolderSnapshot Take(string root)
    {
        var entries = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in folder.EnumerateFileSystemInfos())
            {
                // Links are recorded, never followed: the inputs hold links to / and to loops.
                var relative = Path.GetRelativePath(root, entry.FullName);
                if (entry.LinkTarget is not null)
                {
                    entries[relative] = (-2, entry.LastWriteTimeUtc);
                }
                else if (entry is DirectoryInfo directory)
                {
                    entries[relative] = (-1, default);
                    pending.Push(directory);
                }
                else
                {
                    entries[relative] = (((FileInfo)entry).Length, entry.LastWriteTimeUtc);
                }
            }
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
