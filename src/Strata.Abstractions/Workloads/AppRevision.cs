using Strata.Manifest;

namespace Strata.Workloads;

/// <summary>
/// An immutable build and configuration of an app: what a vertical maps onto a workload set.
/// Deploys roll from revision to revision; a rollback deploys an earlier one.
/// </summary>
public sealed record AppRevision
{
    /// <summary>The app's manifest as it was for this revision.</summary>
    public required AppManifest Manifest { get; init; }

    /// <summary>The revision number, 1 for the first deploy of an app.</summary>
    public required int Number { get; init; }

    /// <summary>What the build steps produced, by <see cref="Artifact.Name"/>.</summary>
    public IReadOnlyDictionary<string, Artifact> Artifacts { get; init; } = new Dictionary<string, Artifact>();

    /// <summary>The content hash of the sources the revision was built from.</summary>
    public string SourceHash { get; init; } = "";

    /// <summary>The app name (from the manifest).</summary>
    public string App => Manifest.Name;

    /// <summary>The vertical name (from the manifest).</summary>
    public string Vertical => Manifest.Vertical;

    /// <summary>The artifact named <c>default</c>; throws with a clear message when the build produced none.</summary>
    public Artifact DefaultArtifact => Artifacts.TryGetValue(Artifact.DefaultName, out var artifact)
        ? artifact
        : throw new InvalidOperationException(
            $"Revision {Number} of app '{App}' has no '{Artifact.DefaultName}' artifact. Ensure a build step calls IBuildContext.AddArtifact.");
}
