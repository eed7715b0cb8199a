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
    IReadOnlyDictionary<string, string> toolEnvironment,
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
        BuildProcess.RunAsync(fileName, arguments, workingDirectory ?? workDirectory, WithDefaults(environment), logger, cancellationToken);

    // The host's settings for the tools (the compiler server) first, so that the step's own win.
    private Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string>? environment)
    {
        var merged = new Dictionary<string, string>(toolEnvironment, StringComparer.Ordinal);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return merged;
    }
}
