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
    /// <summary>
    /// Refuses a folder that is no app folder before anything is copied: one without <c>strata.yaml</c>
    /// (<c>/</c> or <c>/proc</c> would be copied whole), and one that is, holds or lies in the host's data
    /// folder (the copy would land in the folder it copies, without end).
    /// </summary>
    public static void CheckAppFolder(string source, string dataRoot)
    {
        if (!Directory.Exists(source))
        {
            throw new StrataException($"Source folder '{source}' does not exist on the host.", "path");
        }

        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)) + Path.DirectorySeparatorChar;
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot)) + Path.DirectorySeparatorChar;
        if (folder.StartsWith(data, StringComparison.Ordinal) || data.StartsWith(folder, StringComparison.Ordinal))
        {
            throw new StrataException($"Source folder '{source}' is, holds or lies in the host's data folder; deploy an app folder of its own.", "path");
        }

        if (!File.Exists(Path.Combine(source, Core.Manifest.AppManifestParser.FileName)))
        {
            throw Api.ApiException.Invalid("Invalid strata.yaml", [new Validation.ValidationProblem(Core.Manifest.AppManifestParser.FileName,
                $"there is no {Core.Manifest.AppManifestParser.FileName} in '{source}'. Deploy an app folder, or create an app with `strata new <vertical> <app>`")]);
        }
    }

    public static void CopyFolder(string source, string target, bool skipBuildOutputs = true)
    {
        if (!Directory.Exists(source))
        {
            throw new StrataException($"Source folder '{source}' does not exist on the host.", "path");
        }

        Directory.CreateDirectory(target);
        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            // Sources' links are not followed: a link to a parent would copy without end, one elsewhere copies
            // what is not the app's (an uploaded archive's links are skipped alike). Artifacts are copied as built.
            if (!skipBuildOutputs || (new DirectoryInfo(directory).LinkTarget is null && !SourceFolders.IsExcluded(Path.GetFileName(directory))))
            {
                CopyFolder(directory, Path.Combine(target, Path.GetFileName(directory)), skipBuildOutputs);
            }
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (!skipBuildOutputs || new FileInfo(file).LinkTarget is null)
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
    }

    public static async Task ExtractTarGzAsync(Stream archive, string target, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        long total = 0;
        var current = "";
        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress);
            await using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                current = entry.Name;
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
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or NotSupportedException)
        {
            throw new StrataException($"The request body is not a valid tar.gz archive: {ex.Message}", "body");
        }
        catch (Exception ex) when (ex is (IOException and not Microsoft.AspNetCore.Http.BadHttpRequestException) or UnauthorizedAccessException or ArgumentException)
        {
            // Names the entry, not the host's staging path: an over-long name, or a file where the archive already made a folder.
            throw new StrataException($"The source archive's entry '{current}' cannot be unpacked ({ex.GetType().Name}); check for over-long names and for entries that are both a file and a folder.", "body");
        }
    }
}
