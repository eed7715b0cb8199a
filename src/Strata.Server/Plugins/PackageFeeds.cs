using System.Security.Cryptography;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;
using Strata.Server.Api;
using Strata.Validation;

namespace Strata.Server.Plugins;

/// <summary>Finds and downloads packages with NuGet.Protocol, from the given sources only, without any machine-wide cache.</summary>
internal static class PackageFeeds
{
    /// <summary>The requested version (or the newest stable one, else the newest) from the first source that has the package.</summary>
    public static async Task<PluginPackage> DownloadAsync(string id, string? version, IReadOnlyList<string> sources, CancellationToken ct)
    {
        NuGetVersion? wanted = null;
        if (version is not null && !NuGetVersion.TryParse(version, out wanted))
        {
            throw ApiException.Invalid("Invalid version", [new ValidationProblem("version", $"'{version}' is not a NuGet version such as 1.2.0 or 2.0.0-beta.1.")]);
        }

        using var cache = new SourceCacheContext { NoCache = true, DirectDownload = true };
        var seen = new List<string>();
        foreach (var source in sources)
        {
            var finder = await FinderAsync(source, ct).ConfigureAwait(false);
            List<NuGetVersion> versions;
            try
            {
                versions = (await finder.GetAllVersionsAsync(id, cache, NullLogger.Instance, ct).ConfigureAwait(false))?.ToList() ?? [];
            }
            catch (Exception ex) when (ex is not OperationCanceledException && Path.IsPathFullyQualified(source))
            {
                // A folder source reads each package to list it: an unreadable .nupkg there is a bad package, not an outage.
                throw new ApiException(422, "Package unreadable", $"{source} holds a package '{id}' that cannot be read: {ex.Message}");
            }

            if (versions.Count == 0)
            {
                continue;
            }

            var pick = wanted is not null
                ? versions.FirstOrDefault(v => v == wanted)
                : versions.Where(v => !v.IsPrerelease).DefaultIfEmpty().Max() ?? versions.Max();
            if (pick is null)
            {
                seen.Add($"{source} has {string.Join(", ", versions.Order().Select(v => v.ToNormalizedString()))}");
                continue;
            }

            using var buffer = new MemoryStream();
            if (!await finder.CopyNupkgToStreamAsync(id, pick, buffer, cache, NullLogger.Instance, ct).ConfigureAwait(false))
            {
                throw new ApiException(502, "Download failed", $"{source} listed {id} {pick} but did not deliver it.");
            }

            var content = buffer.ToArray();
            try
            {
                using var reader = new PackageArchiveReader(new MemoryStream(content));
                var identity = await reader.GetIdentityAsync(ct).ConfigureAwait(false);
                return new PluginPackage(identity.Id, identity.Version.ToNormalizedString(), source, content, Convert.ToBase64String(SHA512.HashData(content)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new ApiException(422, "Package unreadable", $"{id} {pick} from {source} is not a valid package (a zip with a .nuspec): {ex.Message}");
            }
        }

        var where = seen.Count > 0 ? $"; {string.Join("; ", seen)}" : "";
        throw ApiException.NotFound($"No package '{id}'{(wanted is null ? "" : $" version {wanted}")} in {string.Join(", ", sources)}{where}.");
    }

    private static async Task<FindPackageByIdResource> FinderAsync(string source, CancellationToken ct)
    {
        try
        {
            return await Repository.Factory.GetCoreV3(source).GetResourceAsync<FindPackageByIdResource>(ct).ConfigureAwait(false)
                ?? throw new ApiException(502, "Source unusable", $"{source} offers no way to find packages by id.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ApiException(502, "Source unreachable", $"Cannot read the package source {source}: {ex.Message}");
        }
    }
}
