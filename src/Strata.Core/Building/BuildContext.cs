using Microsoft.Extensions.Logging;
using Strata.Building;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Core.Building;

/// <summary>
/// The context of one step. Properties and artifacts are the build's, shared with every step; the
/// context remembers which artifacts this step added so that they can be cached.
/// </summary>
internal sealed class BuildContext(
    AppManifest manifest,
    string sourceDirectory,
    string workDirectory,
    ILogger logger,
    IDictionary<string, string> properties,
    Dictionary<string, Artifact> artifacts,
    CancellationToken cancellationToken) : IBuildContext
{
    private readonly List<Artifact> added = [];

    public AppManifest Manifest => manifest;

    public string SourceDirectory => sourceDirectory;

    public string WorkDirectory => workDirectory;

    public ILogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    public IDictionary<string, string> Properties => properties;

    public IReadOnlyDictionary<string, Artifact> Artifacts => artifacts;

    /// <summary>The artifacts this step added, last one of a name winning.</summary>
    public IReadOnlyList<Artifact> Added => added;

    public void AddArtifact(Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        artifacts[artifact.Name] = artifact;
        added.RemoveAll(a => a.Name == artifact.Name);
        added.Add(artifact);
    }

    public Task RunProcessAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        BuildProcess.RunAsync(fileName, arguments, workingDirectory ?? workDirectory, environment, logger, cancellationToken);
}
