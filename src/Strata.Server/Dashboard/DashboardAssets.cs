using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Strata.Server.Dashboard;

/// <summary>
/// The stylesheet and script of the dashboard, embedded in the host's assembly (<c>Dashboard/Assets/*</c>)
/// and served from memory with an ETag: the dashboard needs nothing from the internet.
/// </summary>
internal static class DashboardAssets
{
    private const string ResourcePrefix = "Strata.Server.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, Asset> All = Load();

    /// <summary>The address of an asset, with its hash so that a changed file is never taken from a cache.</summary>
    public static string Url(string name) => $"{DashboardPaths.Assets}/{name}?v={All[name].ETag.Trim('"')[..12]}";

    /// <summary>Answers <c>GET /dashboard/assets/{name}</c>.</summary>
    public static IResult Serve(string name, HttpContext context)
    {
        if (!All.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.Headers.ETag = asset.ETag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue(asset.ETag));
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
