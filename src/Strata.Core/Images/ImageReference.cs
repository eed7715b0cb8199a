using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Strata.Core.Images;

/// <summary>An image reference: <c>registry/repository:tag</c> or <c>registry/repository@sha256:…</c>.</summary>
/// <param name="Registry">The registry, <c>host[:port]</c>.</param>
/// <param name="Repository">The repository path, e.g. <c>strata/functions-hello</c>.</param>
/// <param name="Reference">A tag or a digest.</param>
public sealed partial record ImageReference(string Registry, string Repository, string Reference)
{
    /// <summary>True when <see cref="Reference"/> is a digest.</summary>
    public bool IsDigest => Reference.StartsWith("sha256:", StringComparison.Ordinal);

    /// <summary>The same repository at <paramref name="digest"/>.</summary>
    public ImageReference WithDigest(string digest) => this with { Reference = digest };

    /// <inheritdoc />
    public override string ToString() => $"{Registry}/{Repository}{(IsDigest ? "@" : ":")}{Reference}";

    /// <summary>Parses a reference that names its registry (no implicit Docker Hub).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        var registry = text[..slash];
        var rest = text[(slash + 1)..];
        string repository, tag;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            (repository, tag) = (rest[..at], rest[(at + 1)..]);
            if (!DigestPattern().IsMatch(tag))
            {
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            (repository, tag) = (rest[..colon], rest[(colon + 1)..]);
            if (!TagPattern().IsMatch(tag))
            {
                return false;
            }
        }

        if (!IsValidRepository(repository))
        {
            return false;
        }

        reference = new ImageReference(registry, repository, tag);
        return true;
    }

    /// <summary>Whether <paramref name="repository"/> is a repository path the distribution spec accepts.</summary>
    public static bool IsValidRepository(string? repository) =>
        !string.IsNullOrEmpty(repository) && repository.Length <= 255 && RepositoryPattern().IsMatch(repository);

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();
}
