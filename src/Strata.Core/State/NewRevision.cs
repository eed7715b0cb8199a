using Strata.Core.Runtime;

namespace Strata.Core.State;

/// <summary>A revision to record; the store assigns its number and creation time.</summary>
/// <param name="App">The app the revision belongs to; it must already exist.</param>
/// <param name="ManifestYaml">The app's <c>strata.yaml</c> as it was built.</param>
/// <param name="SourceHash">A hash of the app's source, to tell revisions apart.</param>
/// <param name="ArtifactsJson">The build artifacts, serialized as JSON.</param>
public sealed record NewRevision(AppRef App, string ManifestYaml, string SourceHash, string ArtifactsJson)
{
    /// <summary>Where the source was kept on the host, when it was kept.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The image of the default artifact (<c>registry/repo:tag</c>), when one was pushed.</summary>
    public string? Image { get; init; }

    /// <summary>That image's manifest digest (<c>sha256:…</c>) as the registry reported it.</summary>
    public string? ImageDigest { get; init; }
}
