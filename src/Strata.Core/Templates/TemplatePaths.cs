namespace Strata.Core.Templates;

/// <summary>Checks that a rendered template path stays inside the target folder.</summary>
internal static class TemplatePaths
{
    /// <summary>The path with '/' separators and no surrounding whitespace.</summary>
    public static string Normalize(string path) => path.Trim().Replace('\\', '/');

    /// <summary>Why <paramref name="path"/> cannot be written under <paramref name="target"/>, or null when it can.</summary>
    public static string? Check(string path, string target)
    {
        var normalized = Normalize(path);
        if (normalized.Length == 0)
        {
            return "the path renders to an empty string.";
        }

        if (normalized.StartsWith('/') || Path.IsPathRooted(normalized))
        {
            return $"the path renders to '{normalized}', which is absolute; template paths must be relative to the app folder.";
        }

        var segments = normalized.Split('/');
        if (segments.Any(s => s == ".."))
        {
            return $"the path renders to '{normalized}', which leaves the app folder ('..'); remove the '..'.";
        }

        if (segments.Any(s => s.Length == 0 || s == "."))
        {
            return $"the path renders to '{normalized}', which has an empty or '.' segment.";
        }

        // Belt and braces: whatever the segments say, the full path must be under the target.
        var full = Path.GetFullPath(Path.Combine(target, normalized));
        return full.StartsWith(Path.TrimEndingDirectorySeparator(target) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? null
            : $"the path renders to '{normalized}', which is outside the app folder.";
    }
}
