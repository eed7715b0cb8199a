namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>What uploads the app accepts (<c>spec.files</c>).</summary>
/// <param name="MaxBytes">The largest upload.</param>
/// <param name="Types">The content types allowed (<c>image/*</c> matches every image type); empty allows none.</param>
/// <param name="Read">Who may download a file: <c>owner</c> (the default), <c>authenticated</c> or <c>public</c>.</param>
internal sealed record FileRules(long MaxBytes, IReadOnlyList<string> Types, AccessRule Read)
{
    /// <summary>The default limit: 1 MiB.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>The default rules: 1 MiB, common image types and PDF, owner reads.</summary>
    public static FileRules Default { get; } = new(DefaultMaxBytes, ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"], AccessRule.Owner);

    /// <summary>True when <paramref name="contentType"/> (parameters ignored) is one of <see cref="Types"/>.</summary>
    public bool Allows(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var media = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return Types.Any(t => t == media || (t.EndsWith("/*", StringComparison.Ordinal) && media.StartsWith(t[..^1], StringComparison.Ordinal)));
    }
}
