using Strata.Core.Runtime;

namespace Strata.Core.State;

/// <summary>An immutable build and config of an app.</summary>
/// <param name="App">The app the revision belongs to.</param>
/// <param name="Number">The revision number: 1, 2, … per app.</param>
/// <param name="ManifestYaml">The app's <c>strata.yaml</c> as it was built.</param>
/// <param name="SourceHash">A hash of the app's source.</param>
/// <param name="ArtifactsJson">The build artifacts, serialized as JSON.</param>
/// <param name="SourcePath">Where the source was kept on the host, when it was kept.</param>
/// <param name="CreatedAt">When the revision was recorded (UTC).</param>
public sealed record RevisionRecord(
    AppRef App,
    int Number,
    string ManifestYaml,
    string SourceHash,
    string ArtifactsJson,
    string? SourcePath,
    DateTimeOffset CreatedAt)
{
    /// <summary>The image of the default artifact (<c>registry/repo:tag</c>), when one was pushed.</summary>
    public string? Image { get; init; }

    /// <summary>That image's manifest digest (<c>sha256:…</c>) as the registry reported it.</summary>
    public string? ImageDigest { get; init; }
}
