using Microsoft.Extensions.Logging;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Building;

/// <summary>What a build step works with. One context serves every step of one build.</summary>
public interface IBuildContext
{
    /// <summary>The app's manifest.</summary>
    AppManifest Manifest { get; }

    /// <summary>The app's source folder (read it; do not write to it).</summary>
    string SourceDirectory { get; }

    /// <summary>
    /// A folder private to this app and this step that survives between builds, so that tools can
    /// build incrementally. The host copies artifacts out of it into the immutable revision.
    /// </summary>
    string WorkDirectory { get; }

    /// <summary>Where the step's output goes to the user; each line is streamed to the build log.</summary>
    ILogger Logger { get; }

    /// <summary>Cancelled when the build is cancelled; pass it to everything that waits.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Values steps hand to later steps; what a step sets is restored when it is skipped.</summary>
    IDictionary<string, string> Properties { get; }

    /// <summary>The artifacts added so far by this build.</summary>
    IReadOnlyDictionary<string, Artifact> Artifacts { get; }

    /// <summary>Records an artifact of the revision (replacing one of the same name).</summary>
    /// <param name="artifact">The artifact; its <see cref="Artifact.Directory"/> is copied into the revision.</param>
    void AddArtifact(Artifact artifact);

    /// <summary>
    /// Runs a program, streams its output lines to <see cref="Logger"/>, and throws
    /// <see cref="BuildStepException"/> when it exits non-zero. Killed on cancellation.
    /// </summary>
    /// <param name="fileName">The program, e.g. <c>dotnet</c>.</param>
    /// <param name="arguments">Its arguments, passed without shell quoting.</param>
    /// <param name="workingDirectory">Defaults to <see cref="WorkDirectory"/>.</param>
    /// <param name="environment">Variables added to the program's environment.</param>
    Task RunProcessAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null);
}
