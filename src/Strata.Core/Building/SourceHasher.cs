using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Strata.Core.Building;

/// <summary>
/// A content hash of the files of a source folder that match globs: what decides whether a build
/// step runs again, and the source hash of a revision.
/// </summary>
public static class SourceHasher
{
    /// <summary>
    /// The lowercase hex SHA-256 over the sorted relative paths ('/'-separated) and contents of the
    /// files under <paramref name="directory"/> that match <paramref name="includeGlobs"/>, leaving out
    /// <c>bin/</c>, <c>obj/</c>, <c>.git/</c>, <c>.strata/</c> and <c>node_modules/</c> at any depth.
    /// </summary>
    /// <param name="directory">The source folder.</param>
    /// <param name="includeGlobs">Glob patterns relative to <paramref name="directory"/>, e.g. <c>**/*.cs</c>.</param>
    /// <exception cref="StrataException">The folder does not exist.</exception>
    public static string Hash(string directory, IReadOnlyList<string> includeGlobs)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(includeGlobs);
        if (!Directory.Exists(directory))
        {
            throw new StrataException($"The source folder '{directory}' does not exist.", directory);
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(includeGlobs);
        foreach (var folder in SourceFolders.Excluded)
        {
            matcher.AddExclude($"{folder}/");
            matcher.AddExclude($"**/{folder}/");
        }

        var files = matcher.GetResultsInFullPath(directory)
            .Select(full => (Full: full, Relative: Path.GetRelativePath(directory, full).Replace('\\', '/')))
            .Where(f => !IsExcluded(f.Relative))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var (full, relative) in files)
        {
            // Length-prefixed fields, so that moving bytes between a path and a content changes the hash.
            var path = Encoding.UTF8.GetBytes(relative);
            Append(hash, length, path);
            Append(hash, length, File.ReadAllBytes(full));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, Span<byte> length, byte[] data)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, data.LongLength);
        hash.AppendData(length);
        hash.AppendData(data);
    }

    // The matcher's excludes prune the walk; this check is what guarantees them at every depth.
    private static bool IsExcluded(string relative)
    {
        var segments = relative.Split('/');
        return segments[..^1].Any(SourceFolders.IsExcluded);
    }
}
