using System.Formats.Tar;
using System.IO.Compression;
using Strata.Core;
using Strata.Core.Building;

namespace Strata.Server.Apps;

/// <summary>
/// Copies an app's sources into a fresh staging folder, from a folder on this machine or from an
/// uploaded tar.gz, so that a build never reads files that change under it.
/// </summary>
internal static class SourceStaging
{
    public static void CopyFolder(string source, string target, bool skipBuildOutputs = true)
    {
        if (!Directory.Exists(source))
        {
            throw new StrataException($"Source folder '{source}' does not exist on the host.", "path");
        }

        Directory.CreateDirectory(target);
        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            if (!skipBuildOutputs || !SourceFolders.IsExcluded(Path.GetFileName(directory)))
            {
                CopyFolder(directory, Path.Combine(target, Path.GetFileName(directory)), skipBuildOutputs);
            }
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public static async Task ExtractTarGzAsync(Stream archive, string target, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        long total = 0;
        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress);
            await using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var name = entry.Name.Replace('\\', '/');
                while (name.StartsWith("./", StringComparison.Ordinal))
                {
                    name = name[2..];
                }

                if (name.Length == 0 || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory))
                {
                    continue;
                }

                var path = Path.GetFullPath(Path.Combine(target, name));
                if (Path.IsPathRooted(name) || !path.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new StrataException($"The source archive holds '{entry.Name}', which points outside the app folder.", "body");
                }

                if (entry.EntryType == TarEntryType.Directory)
                {
                    Directory.CreateDirectory(path);
                    continue;
                }

                total += entry.Length;
                if (total > maxBytes)
                {
                    throw new StrataException($"The source archive unpacks to more than {maxBytes / (1024 * 1024)} MiB; leave build outputs out of it.", "body");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new StrataException($"The request body is not a valid tar.gz archive: {ex.Message}", "body");
        }
    }
}
