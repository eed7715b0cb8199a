using Microsoft.Extensions.Logging;
using Strata.Building;
using Strata.Core.Building;
using Strata.Workloads;

namespace Strata.Core.Tests.Building;

public sealed class BuildRunnerTests : IDisposable
{
    private readonly BuildRunnerFixture build = new();
    private readonly List<string> ran = [];

    public void Dispose() => build.Dispose();

    private static Dictionary<string, BuildStepStatus> Statuses(BuildResult result) => result.Steps.ToDictionary(s => s.Name, s => s.Status);

    // restore reads the project file, compile the code, package nothing of its own; docs is unrelated.
    private BuildStep[] Pipeline() =>
    [
        new("package", ctx =>
        {
            ran.Add("package");
            ctx.AddArtifact(new Artifact { Directory = ctx.WorkDirectory, Command = ["dotnet", ctx.Artifacts["compiled"].Command[0]] });
            return Task.CompletedTask;
        }) { DependsOn = ["compile"], Inputs = [] },
        new("compile", ctx =>
        {
            ran.Add("compile");
            ctx.AddArtifact(new Artifact { Name = "compiled", Command = [ctx.Properties["assembly"]] });
            ctx.Properties["compiled"] = "yes";
            return Task.CompletedTask;
        }) { DependsOn = ["restore"], Inputs = ["**/*.cs"] },
        new("restore", ctx =>
        {
            ran.Add("restore");
            ctx.Properties["assembly"] = "Hello.dll";
            return Task.CompletedTask;
        }) { Inputs = ["*.csproj"] },
        new("docs", ctx =>
        {
            ran.Add("docs");
            ctx.Properties["docs"] = File.ReadAllText(Path.Combine(ctx.SourceDirectory, "docs", "index.md"));
            return Task.CompletedTask;
        }) { Inputs = ["docs/**"] },
    ];

    private void WriteSources()
    {
        build.Write("Hello.csproj", "<Project />");
        build.Write("Function.cs", "class Function {}");
        build.Write("docs/index.md", "# Hello");
    }

    [Fact]
    public async Task Steps_run_in_plan_order_and_share_properties_and_artifacts()
    {
        WriteSources();

        var result = await build.RunAsync(Pipeline());

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["restore", "docs", "compile", "package"], ran);
        Assert.Equal(["restore", "docs", "compile", "package"], result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s => Assert.Equal(BuildStepStatus.Ran, s.Status));
        Assert.Equal(["dotnet", "Hello.dll"], result.Artifacts[Artifact.DefaultName].Command);
        Assert.Equal(Path.Combine(build.WorkRoot, "steps", "package"), result.Artifacts[Artifact.DefaultName].Directory);
        Assert.Equal("yes", result.Properties["compiled"]);
        Assert.Equal("# Hello", result.Properties["docs"]);
        Assert.True(Directory.Exists(Path.Combine(build.WorkRoot, "steps", "restore")));
    }

    [Fact]
    public async Task A_second_run_with_unchanged_sources_is_all_cached_and_restores_what_the_steps_produced()
    {
        WriteSources();
        var first = await build.RunAsync(Pipeline());
        ran.Clear();

        var second = await build.RunAsync(Pipeline());

        Assert.True(second.Succeeded, second.Error);
        Assert.Empty(ran);
        Assert.All(second.Steps, s => Assert.Equal(BuildStepStatus.Cached, s.Status));
        Assert.Equal(first.Steps.Select(s => s.Hash), second.Steps.Select(s => s.Hash));
        Assert.Equal(first.Artifacts[Artifact.DefaultName].Command, second.Artifacts[Artifact.DefaultName].Command);
        Assert.Equal(first.Artifacts[Artifact.DefaultName].Directory, second.Artifacts[Artifact.DefaultName].Directory);
        Assert.Equal(first.Properties.OrderBy(p => p.Key), second.Properties.OrderBy(p => p.Key));
        Assert.Contains(build.Log, l => l.Step == "compile" && l.Message.Contains("cached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_an_input_reruns_that_step_and_its_dependents_only()
    {
        WriteSources();
        await build.RunAsync(Pipeline());
        ran.Clear();

        build.Write("Function.cs", "class Function { int x; }");
        var result = await build.RunAsync(Pipeline());

        Assert.Equal(["compile", "package"], ran);
        Assert.Equal(BuildStepStatus.Cached, Statuses(result)["restore"]);
        Assert.Equal(BuildStepStatus.Cached, Statuses(result)["docs"]);
        Assert.Equal(BuildStepStatus.Ran, Statuses(result)["compile"]);
        Assert.Equal(BuildStepStatus.Ran, Statuses(result)["package"]);
        // Restored properties of cached steps are still there for the steps that ran.
        Assert.Equal(["dotnet", "Hello.dll"], result.Artifacts[Artifact.DefaultName].Command);
    }

    [Fact]
    public async Task Changing_an_upstream_input_reruns_everything_downstream()
    {
        WriteSources();
        await build.RunAsync(Pipeline());
        ran.Clear();

        build.Write("Hello.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var result = await build.RunAsync(Pipeline());

        Assert.Equal(["restore", "compile", "package"], ran);
        Assert.Equal(BuildStepStatus.Cached, Statuses(result)["docs"]);
    }

    [Fact]
    public async Task A_step_runs_again_when_not_cacheable_or_when_its_work_folder_is_gone()
    {
        WriteSources();
        var steps = Pipeline();
        steps[3] = steps[3] with { Cacheable = false };
        await build.RunAsync(steps);
        ran.Clear();

        Directory.Delete(Path.Combine(build.WorkRoot, "steps", "restore"), recursive: true);
        var result = await build.RunAsync(steps);

        // A step's hash comes from its inputs, not its outputs: restore ran again with the same
        // inputs, so compile and package stay cached.
        Assert.Equal(["restore", "docs"], ran);
        Assert.Equal(BuildStepStatus.Ran, Statuses(result)["docs"]);
        Assert.Equal(BuildStepStatus.Cached, Statuses(result)["compile"]);
    }

    [Fact]
    public async Task A_failing_step_fails_the_build_and_later_steps_are_skipped()
    {
        WriteSources();
        var steps = Pipeline();
        steps[1] = steps[1] with { Action = _ => throw new BuildStepException("Function.cs(1,1): error CS1002: ; expected") };

        var result = await build.RunAsync(steps);

        Assert.False(result.Succeeded);
        Assert.Equal("compile", result.FailedStep);
        Assert.Equal("Function.cs(1,1): error CS1002: ; expected", result.Error);
        Assert.Equal(BuildStepStatus.Ran, Statuses(result)["restore"]);
        Assert.Equal(BuildStepStatus.Failed, Statuses(result)["compile"]);
        Assert.Equal(BuildStepStatus.Skipped, Statuses(result)["package"]);
        Assert.DoesNotContain("package", ran);
        Assert.Contains(build.Log, l => l.Step == "compile" && l.Level == LogLevel.Error);
    }

    [Fact]
    public async Task An_unexpected_exception_is_reported_with_its_type()
    {
        WriteSources();
        var steps = Pipeline();
        steps[2] = steps[2] with { Action = _ => throw new InvalidOperationException("boom") };

        var result = await build.RunAsync(steps);

        Assert.Equal("restore", result.FailedStep);
        Assert.Equal("System.InvalidOperationException: boom", result.Error);
    }

    [Fact]
    public async Task A_failure_forgets_the_last_success_so_that_reverting_the_change_runs_the_step_again()
    {
        WriteSources();
        await build.RunAsync(Pipeline());
        var failing = Pipeline();
        failing[1] = failing[1] with { Action = _ => throw new BuildStepException("broken") };
        build.Write("Function.cs", "broken");
        Assert.False((await build.RunAsync(failing)).Succeeded);
        ran.Clear();

        build.Write("Function.cs", "class Function {}");
        var result = await build.RunAsync(Pipeline());

        // The work folder may hold the failed run's leftovers, so the old record must not be trusted.
        Assert.Equal(BuildStepStatus.Ran, Statuses(result)["compile"]);
        Assert.Contains("compile", ran);
    }

    [Fact]
    public async Task Invalid_steps_are_refused_before_anything_runs()
    {
        var steps = Pipeline();
        steps[0] = steps[0] with { DependsOn = ["link"] };

        var error = await Assert.ThrowsAsync<StrataException>(() => build.RunAsync(steps));

        Assert.Contains("'link'", error.Message, StringComparison.Ordinal);
        Assert.Empty(ran);
    }

    [Fact]
    public async Task Step_logs_also_go_to_the_logger_factory()
    {
        WriteSources();
        var provider = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var steps = Pipeline();
        steps[1] = steps[1] with { Action = ctx => { ctx.Logger.LogInformation("compiling {File}", "Function.cs"); return Task.CompletedTask; } };

        await build.RunAsync(steps, loggerFactory: factory);

        Assert.Contains(("Strata.Build.compile", "compiling Function.cs"), provider.Lines);
        Assert.Contains(build.Log, l => l.Step == "compile" && l.Level == LogLevel.Information && l.Message == "compiling Function.cs");
    }

    [Fact]
    public async Task Steps_build_a_copy_of_the_sources_at_one_path_that_keeps_their_build_folders_between_builds()
    {
        var seen = new List<(string Source, string Code, bool HadOutput)>();
        BuildStep[] steps =
        [
            new("compile", ctx =>
            {
                var output = Path.Combine(ctx.SourceDirectory, "obj", "out.txt");
                seen.Add((ctx.SourceDirectory, File.ReadAllText(Path.Combine(ctx.SourceDirectory, "Function.cs")), File.Exists(output)));
                Directory.CreateDirectory(Path.GetDirectoryName(output)!);
                File.WriteAllText(output, "built");
                return Task.CompletedTask;
            }) { Inputs = ["**/*.cs"] },
        ];
        build.Write("Function.cs", "class One {}");
        // A deploy stages each revision's sources in a folder of its own.
        var second = Path.Combine(build.WorkRoot, "..", "src2");
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Combine(second, "Function.cs"), "class Two {}");

        var first = await build.RunAsync(steps);
        var again = await build.RunAsync(steps, source: second);

        Assert.True(first.Succeeded && again.Succeeded);
        Assert.Equal(2, seen.Count);
        Assert.Equal(seen[0].Source, seen[1].Source);
        Assert.Equal(first.SourceDirectory, seen[0].Source);
        Assert.NotEqual(Path.GetFullPath(build.Source), Path.GetFullPath(seen[0].Source));
        Assert.Equal(("class One {}", false), (seen[0].Code, seen[0].HadOutput));
        Assert.Equal(("class Two {}", true), (seen[1].Code, seen[1].HadOutput));
        Assert.False(Directory.Exists(Path.Combine(build.Source, "obj")));
        Assert.False(Directory.Exists(Path.Combine(second, "obj")));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Programs_of_steps_compile_in_the_builds_compiler_server_or_in_none(bool withServer, bool stepOverrides)
    {
        // The runner starts the server before the steps; the test stops it.
        await using var server = withServer ? new CompilerServer("strata-test-" + Guid.NewGuid().ToString("n")[..8]) : null;
        var step = new BuildStep("compile", ctx => ctx.RunProcessAsync(
            "sh",
            ["-c", "echo \"shared=$UseSharedCompilation id=$SharedCompilationId\""],
            environment: stepOverrides ? new Dictionary<string, string> { ["UseSharedCompilation"] = "false" } : null));

        var result = await build.RunAsync([step], compilerServer: server);

        Assert.True(result.Succeeded, result.Error);
        var expected = (withServer, stepOverrides) switch
        {
            (false, _) => "shared=false id=",
            (true, false) => $"shared=true id={server!.Id}",
            (true, true) => $"shared=false id={server!.Id}",
        };
        Assert.Contains(expected, build.Messages("compile"));
    }
}
