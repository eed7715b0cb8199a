namespace Strata.Workloads;

/// <summary>
/// The output of build steps: a folder and entry command (the Local runtime runs it) and/or an OCI
/// image reference (the Kubernetes runtime needs one).
/// </summary>
public sealed record Artifact
{
    /// <summary>The name of the artifact within its revision; <c>default</c> when an app has one.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>The folder holding the artifact's files; the working directory of its command.</summary>
    public string? Directory { get; init; }

    /// <summary>The entry command and its arguments, e.g. <c>["dotnet", "Hello.dll"]</c>.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>An OCI image reference (<c>registry/repo:tag</c>), when one was built.</summary>
    public string? Image { get; init; }

    /// <summary>The image digest (<c>sha256:…</c>); runtimes prefer it to the tag.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>
    /// The command to run the <see cref="Image"/> with, replacing the image's own entrypoint; empty (the
    /// usual case) keeps the entrypoint the image was built with. <see cref="Command"/> is the folder's
    /// command and is never used for the image: paths in it rarely exist inside the image.
    /// A workload's args are passed to whichever of the two runs.
    /// </summary>
    public IReadOnlyList<string> ImageCommand { get; init; } = [];

    /// <summary>The name of the artifact an app with one artifact uses.</summary>
    public const string DefaultName = "default";
}
