namespace Strata.Verticals.MobileBackend.Server;

/// <summary>
/// <c>GET /sdk/{typescript|csharp}</c>: the client SDK the vertical generated into the artifact
/// (<c>sdk/&lt;language&gt;/</c>) for this revision's collections. Public: it holds no data.
/// </summary>
internal static class SdkEndpoint
{
    private static readonly Dictionary<string, (string File, string ContentType)> Files = new()
    {
        ["typescript"] = ("client.ts", "text/plain; charset=utf-8"),
        ["csharp"] = ("Client.cs", "text/plain; charset=utf-8"),
    };

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/sdk/{language}", (string language) =>
    {
        if (!Files.TryGetValue(language, out var sdk))
        {
            return Problems.Invalid("language", $"must be one of {string.Join(", ", Files.Keys)}, not '{language}'.");
        }

        var path = Path.Combine(AppContext.BaseDirectory, "sdk", language, sdk.File);
        return File.Exists(path)
            ? Results.File(path, sdk.ContentType, sdk.File)
            : Problems.NotFound($"This build has no {language} SDK (sdk/{language}/{sdk.File}); the vertical's package step writes it.");
    });
}
