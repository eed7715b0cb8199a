using Microsoft.Extensions.Options;
using Strata.Server.Api;
using Strata.Validation;

namespace Strata.Server.Plugins;

/// <summary>
/// The configured package sources. A request may name one of them (by the same URL or folder);
/// a source that is not configured is refused, so an operator decides once where code comes from.
/// </summary>
internal sealed class PluginSources(IOptions<PluginsOptions> options)
{
    public IReadOnlyList<string> Configured { get; } = [.. options.Value.Sources.Select(s => Normalize(s)!).Where(s => s is not null)];

    /// <summary>The sources to search: the one requested (when configured) or all of them, in order.</summary>
    public IReadOnlyList<string> Select(string? requested)
    {
        if (Configured.Count == 0)
        {
            throw ApiException.Invalid("No package sources", [new ValidationProblem("source",
                $"this host has no package sources; configure {PluginsOptions.Section}:Sources (a feed URL or a folder of .nupkg files) and restart it.")]);
        }

        if (string.IsNullOrWhiteSpace(requested))
        {
            return Configured;
        }

        var normalized = Normalize(requested);
        return normalized is not null && Configured.Contains(normalized, StringComparer.Ordinal)
            ? [normalized]
            : throw ApiException.Invalid("Source not allowed", [new ValidationProblem("source",
                $"'{requested}' is not one of this host's package sources ({string.Join(", ", Configured)}); add it to {PluginsOptions.Section}:Sources first.")]);
    }

    /// <summary>An http(s) URL without a trailing slash, or a full folder path; null when it is neither.</summary>
    public static string? Normalize(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return null;
        }

        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri.AbsoluteUri.TrimEnd('/');
        }

        return Path.IsPathFullyQualified(source) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)) : null;
    }
}
