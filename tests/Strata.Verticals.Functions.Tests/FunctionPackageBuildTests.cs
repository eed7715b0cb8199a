using System.Text.Json;
using Strata.Building;
using Strata.Core.Building;
using Strata.Manifest;
using Strata.Testing;

namespace Strata.Verticals.Functions.Tests;

/// <summary>The package step run for real (dotnet publish) by the host's build runner, as a deploy runs it.</summary>
public sealed class FunctionPackageBuildTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly List<BuildLogLine> log = [];

    public void Dispose() => root.Dispose();

    private string WorkRoot => root.Combine("work");

    private string Obj => Path.Combine(WorkRoot, "steps", WellKnownBuildSteps.Package, "obj");

    // Each deploy stages its sources in a folder of its own; the runner gives the step one path for all.
    private string Sources(int build, string greeting)
    {
        var folder = root.Combine("sources", build.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Function.cs"), $$"""
            namespace Hello;
            public sealed class Function
            {
                public Task<IResult> HandleAsync(HttpContext context) => Task.FromResult(Results.Text("{{greeting}}"));
            }
            """);
        return folder;
    }

    private async Task<(BuildResult Result, string CommandLine)> BuildAsync(string sources, string app = "hello", CompilerServer? server = null)
    {
        log.Clear();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await new BuildRunner().RunAsync(new BuildRequest
        {
            Manifest = new AppManifest { Name = app, Vertical = "functions", Spec = JsonDocument.Parse("""{"handler": "Hello.Function"}""").RootElement },
            SourceDirectory = sources,
            WorkRoot = WorkRoot,
            Steps = [FunctionPackageStep.Create()],
            Log = log.Add,
            CompilerServer = server,
        }, timeout.Token);
        Assert.True(result.Succeeded, $"{result.Error}{Environment.NewLine}{string.Join(Environment.NewLine, log.Select(l => l.Message))}");
        return (result, log.Select(l => l.Message).Single(m => m.StartsWith("> dotnet publish", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Restore_is_skipped_while_its_inputs_are_unchanged_and_runs_again_when_the_project_or_its_restore_changes()
    {
        var (first, firstCommand) = await BuildAsync(Sources(1, "one"));
        Assert.DoesNotContain("--no-restore", firstCommand, StringComparison.Ordinal);

        var (second, secondCommand) = await BuildAsync(Sources(2, "two"));
        Assert.Contains("--no-restore", secondCommand, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(second.Artifacts[Strata.Workloads.Artifact.DefaultName].Directory!, "functions", "hello", "hello.dll")));

        // Another app name is another assembly name in the project file.
        var (_, renamedCommand) = await BuildAsync(Sources(3, "three"), app: "hello2");
        Assert.DoesNotContain("--no-restore", renamedCommand, StringComparison.Ordinal);

        File.Delete(Path.Combine(Obj, "project.assets.json"));
        var (_, lostCommand) = await BuildAsync(Sources(4, "four"), app: "hello2");
        Assert.DoesNotContain("--no-restore", lostCommand, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Obj, "project.assets.json")));
        Assert.Equal(first.SourceDirectory, second.SourceDirectory);
    }

    [SkippableFact]
    public async Task The_build_compiles_in_the_requests_compiler_server_which_disposing_stops()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "finds servers by their command line in /proc");
        var server = new CompilerServer("strata-test-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            await BuildAsync(Sources(1, "one"), server: server);
            Assert.NotEmpty(server.FindProcesses());
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Empty(server.FindProcesses());
    }
}
