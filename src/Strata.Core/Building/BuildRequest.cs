using Microsoft.Extensions.Logging;
using Strata.Building;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Core.Building;

/// <summary>One build of one app: what to build, where, with which steps.</summary>
public sealed record BuildRequest
{
    /// <summary>The app's manifest.</summary>
    public required AppManifest Manifest { get; init; }

    /// <summary>
    /// The app's source folder; the build never writes to it. Steps see a copy of it that persists
    /// between builds (<see cref="SourceMirror"/>, <c>source/</c> in <see cref="WorkRoot"/>), so that the
    /// tools they run find their outputs of the last build at the same paths and build incrementally.
    /// </summary>
    public required string SourceDirectory { get; init; }

    /// <summary>
    /// A folder private to this app that survives between builds: the steps' copy of the sources
    /// (<c>source</c>), step work folders (<c>steps/&lt;step&gt;</c>) and cache records
    /// (<c>cache/&lt;step&gt;.json</c>) live here.
    /// </summary>
    public required string WorkRoot { get; init; }

    /// <summary>The vertical's build steps, in declaration order.</summary>
    public required IReadOnlyList<BuildStep> Steps { get; init; }

    /// <summary>Receives every log line of the build as it happens (called from one thread at a time).</summary>
    public Action<BuildLogLine>? Log { get; init; }

    /// <summary>
    /// Checks, before a cached step's result is reused, that an artifact it produced still exists
    /// outside the work folder (an image still in the configured registry): it returns why the
    /// artifact cannot be reused, or null when it can. A reason makes the step run again.
    /// </summary>
    public Func<Artifact, CancellationToken, Task<string?>>? CheckCachedArtifact { get; init; }

    /// <summary>
    /// The compiler server the programs of the steps use (its <see cref="CompilerServer.Environment"/>);
    /// without one, they get <see cref="CompilerServer.NoServer"/>, so that no server outlives the build.
    /// A step's own environment wins.
    /// </summary>
    public CompilerServer? CompilerServer { get; init; }

    /// <summary>When set, build log lines also go to these loggers.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
