using Microsoft.Extensions.Logging;
using Strata.Building;
using Strata.Core.Building;
using Strata.Manifest;

namespace Strata.Core.Tests.Building;

/// <summary>A source folder, a work root and a log, for running real builds.</summary>
internal sealed class BuildRunnerFixture : IDisposable
{
    private readonly TempDirectory root = new();

    public BuildRunnerFixture() => Directory.CreateDirectory(Source);

    public string Source => root.Combine("src");

    public string WorkRoot => root.Combine("work");

    public List<BuildLogLine> Log { get; } = [];

    public string Write(string relativePath, string content) => root.Write(Path.Combine("src", relativePath), content);

    public Task<BuildResult> RunAsync(IReadOnlyList<BuildStep> steps, CancellationToken ct = default, ILoggerFactory? loggerFactory = null, string? source = null, CompilerServer? compilerServer = null) =>
        new BuildRunner().RunAsync(
            new BuildRequest
            {
                Manifest = new AppManifest { Name = "hello", Vertical = "functions" },
                SourceDirectory = source ?? Source,
                CompilerServer = compilerServer,
                WorkRoot = WorkRoot,
                Steps = steps,
                Log = Log.Add,
                LoggerFactory = loggerFactory,
            },
            ct);

    public IEnumerable<string> Messages(string step) => Log.Where(l => l.Step == step).Select(l => l.Message);

    public void Dispose() => root.Dispose();
}
