using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Building;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Verticals.MobileBackend.Tests.Plugin;

/// <summary>A build context over real folders, enough to run the mobile vertical's package step outside a host.</summary>
internal sealed class FolderBuildContext(AppManifest manifest, string source, string work) : IBuildContext
{
    private readonly Dictionary<string, Artifact> _artifacts = [];

    public AppManifest Manifest => manifest;

    public string SourceDirectory => source;

    public string WorkDirectory => work;

    public ILogger Logger => NullLogger.Instance;

    public CancellationToken CancellationToken => CancellationToken.None;

    public IDictionary<string, string> Properties { get; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, Artifact> Artifacts => _artifacts;

    public void AddArtifact(Artifact artifact) => _artifacts[artifact.Name] = artifact;

    public async Task RunProcessAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { WorkingDirectory = workingDirectory ?? work })!;
        await process.WaitForExitAsync();
    }
}
