using Strata.Manifest;
using Strata.Validation;

namespace Strata.Core.Manifest;

/// <summary>The outcome of reading a <c>strata.yaml</c>: the manifest as far as it could be read, and every problem found.</summary>
/// <param name="Manifest">
/// The manifest, present whenever <c>name</c> and <c>vertical</c> could be read, even if other fields
/// have problems (those fields keep their defaults), so that a caller can still run the vertical's
/// spec validation and show all problems at once. Use it for deploying only when <see cref="IsValid"/>.
/// </param>
/// <param name="Problems">Every problem, each with the path of the offending field.</param>
public sealed record ManifestParseResult(AppManifest? Manifest, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when the manifest was read and has no problem.</summary>
    public bool IsValid => Problems.Count == 0 && Manifest is not null;
}
