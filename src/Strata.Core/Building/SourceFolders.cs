namespace Strata.Core.Building;

/// <summary>
/// Folders that are never an app's sources: build outputs, tool state and dependencies. The CLI leaves
/// them out of what it uploads, the host out of what it stages, and the build out of what it hashes,
/// so all three agree on what "the sources" are.
/// </summary>
public static class SourceFolders
{
    private static readonly HashSet<string> NotSources = new(StringComparer.Ordinal) { "bin", "obj", ".git", ".strata", "node_modules" };

    /// <summary>The folder names, in a stable order.</summary>
    public static IReadOnlyList<string> Excluded { get; } = [.. NotSources.Order(StringComparer.Ordinal)];

    /// <summary>True when a folder of this name (at any depth) holds no sources.</summary>
    public static bool IsExcluded(string folderName) => NotSources.Contains(folderName);
}
