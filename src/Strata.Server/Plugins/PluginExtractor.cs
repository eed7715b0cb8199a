using NuGet.Frameworks;
using NuGet.Packaging;
using Strata.Server.Api;

namespace Strata.Server.Plugins;

/// <summary>
/// Lays a vertical package out as a plugin folder: the assemblies of its <c>lib/&lt;framework&gt;/</c>
/// group nearest to the host's framework, then those of each dependency it declares that neither the
/// package nor the host already carries (the contract is always the host's), from the same sources.
/// </summary>
internal static class PluginExtractor
{
    private const int MaxPackages = 50;
    private static readonly NuGetFramework HostFramework = NuGetFramework.Parse("net10.0");
    private static readonly HashSet<string> HostAssemblies = new(
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileNameWithoutExtension)!,
        StringComparer.OrdinalIgnoreCase) { "Strata.Abstractions" };

    /// <summary>Extracts the package into <paramref name="folder"/>; returns the dependencies it fetched as <c>id version</c>.</summary>
    public static async Task<IReadOnlyList<string>> ExtractAsync(PluginPackage package, string folder, IReadOnlyList<string> sources, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var fetched = new List<string>();
        var pending = new Queue<PluginPackage>([package]);
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { package.Id };
        while (pending.TryDequeue(out var current))
        {
            using var reader = new PackageArchiveReader(new MemoryStream(current.Content));
            var files = await LibFilesAsync(reader, current, isPlugin: current == package, ct).ConfigureAwait(false);
            foreach (var (entry, relative) in files)
            {
                var target = Path.GetFullPath(Path.Combine(folder, relative));
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ApiException(422, "Package refused", $"{current.Id} {current.Version} has an entry '{entry}' that would land outside its plugin folder.");
                }

                if (File.Exists(target))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var source = reader.GetStream(entry);
                await using var copy = File.Create(target);
                await source.CopyToAsync(copy, ct).ConfigureAwait(false);
            }

            var dependencies = NuGetFrameworkUtility.GetNearest(reader.GetPackageDependencies(), HostFramework, g => g.TargetFramework)?.Packages ?? [];
            foreach (var dependency in dependencies)
            {
                if (HostAssemblies.Contains(dependency.Id) || File.Exists(Path.Combine(folder, dependency.Id + ".dll")) || !visited.Add(dependency.Id))
                {
                    continue;
                }

                if (visited.Count > MaxPackages)
                {
                    throw new ApiException(422, "Package refused", $"{package.Id} {package.Version} pulls in more than {MaxPackages} packages; bundle its private dependencies in lib/ instead (see docs/writing-a-vertical.md).");
                }

                var version = dependency.VersionRange.MinVersion?.ToNormalizedString()
                    ?? throw new ApiException(422, "Package refused", $"{current.Id} {current.Version} depends on {dependency.Id} without a lowest version.");
                var next = await PackageFeeds.DownloadAsync(dependency.Id, version, sources, ct).ConfigureAwait(false);
                fetched.Add($"{next.Id} {next.Version}");
                pending.Enqueue(next);
            }
        }

        return fetched;
    }

    private static async Task<IReadOnlyList<(string Entry, string Relative)>> LibFilesAsync(PackageArchiveReader reader, PluginPackage package, bool isPlugin, CancellationToken ct)
    {
        var groups = (await reader.GetLibItemsAsync(ct).ConfigureAwait(false)).ToList();
        var nearest = NuGetFrameworkUtility.GetNearest(groups, HostFramework, g => g.TargetFramework);
        if (nearest is null)
        {
            if (!isPlugin)
            {
                return [];
            }

            var has = groups.Count == 0 ? "no lib/ folder" : "lib/ only for " + string.Join(", ", groups.Select(g => g.TargetFramework.GetShortFolderName()));
            throw new ApiException(422, "Package refused", $"{package.Id} {package.Version} has {has}; a vertical package carries its plugin in lib/net10.0/.");
        }

        var prefix = nearest.Items.Select(i => i[..(i.IndexOf('/', "lib/".Length) + 1)]).FirstOrDefault() ?? "";
        var files = nearest.Items.Where(i => !i.EndsWith('/')).Select(i => (i, i[prefix.Length..])).ToList();
        if (isPlugin && !files.Any(f => string.Equals(f.Item2, package.Id + ".dll", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiException(422, "Package refused", $"{package.Id} {package.Version} has no {prefix}{package.Id}.dll; a vertical package carries its plugin assembly named after the package.");
        }

        return files;
    }
}
