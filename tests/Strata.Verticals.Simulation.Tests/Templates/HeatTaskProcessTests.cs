using System.Diagnostics;
using System.Text.Json.Nodes;
using Strata.Templates;
using Strata.Testing;

namespace Strata.Verticals.Simulation.Tests.Templates;

/// <summary>
/// The heat template's task program, built as the <c>package</c> step builds it and run as a process: its exit
/// code is what a runtime counts for the job's index, so it must agree with the <c>status.json</c> it writes.
/// </summary>
public sealed class HeatTaskProcessTests(HeatTaskProcessTests.BuiltModel model) : IClassFixture<HeatTaskProcessTests.BuiltModel>, IDisposable
{
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _results = new("strata-heat-task");

    [Fact]
    public async Task A_task_with_results_exits_0_and_says_succeeded()
    {
        var (exitCode, output) = await RunAsync(Parameters("implicit", alpha: 1, points: 4, steps: 10));

        Assert.True(exitCode == 0, output);
        Assert.Equal("succeeded", State());
        Assert.True(File.Exists(_results.Combine("runs", "run-1", "tasks", "0", "summary.json")));
    }

    [Fact]
    public async Task A_task_the_model_refuses_exits_non_zero_and_says_failed()
    {
        // The explicit scheme's stability limit: α·dt/h² = 10 · 0.02 · 65² ≫ 1/6.
        var (exitCode, output) = await RunAsync(Parameters("explicit", alpha: 10, points: 64, steps: 1));

        Assert.True(exitCode == 1, $"exit {exitCode}: {output}");
        Assert.Equal("failed", State());
        Assert.Contains("unstable", Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_of_a_cancelled_run_exits_143_and_says_cancelled()
    {
        Directory.CreateDirectory(_results.Combine("runs", "run-1"));
        await File.WriteAllTextAsync(_results.Combine("runs", "run-1", "cancelled"), "");

        var (exitCode, output) = await RunAsync(Parameters("implicit", alpha: 1, points: 4, steps: 10));

        Assert.True(exitCode == 143, $"exit {exitCode}: {output}");
        Assert.Equal("cancelled", State());
    }

    [Fact]
    public async Task A_task_stopped_with_sigterm_exits_143_and_says_cancelled()
    {
        // Long enough to be running when the signal comes: 32³ points, a million steps.
        using var process = Start(Parameters("implicit", alpha: 1, points: 32, steps: 1_000_000));
        var progress = _results.Combine("runs", "run-1", "tasks", "0", "progress");
        for (var i = 0; i < 600 && !File.Exists(progress) && !process.HasExited; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(progress), "the task reported no progress in 60 s");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync();
        }

        var (exitCode, output) = await WaitAsync(process);

        Assert.True(exitCode == 143, $"exit {exitCode}: {output}");
        Assert.Equal("cancelled", State());
        Assert.Contains("stopped by the runtime", Message(), StringComparison.Ordinal);
    }

    public void Dispose() => _results.Dispose();

    private static JsonObject Parameters(string scheme, double alpha, int points, int steps) => new()
    {
        ["alpha"] = alpha, ["points"] = points, ["steps"] = steps, ["endTime"] = 0.02, ["scheme"] = scheme, ["hotspot"] = 100.0,
    };

    private string State() => Status()["state"]!.GetValue<string>();

    private string Message() => Status()["message"]!.GetValue<string>();

    private JsonObject Status() =>
        JsonNode.Parse(File.ReadAllText(_results.Combine("runs", "run-1", "tasks", "0", "status.json")))!.AsObject();

    private async Task<(int ExitCode, string Output)> RunAsync(JsonObject parameters)
    {
        using var process = Start(parameters);
        return await WaitAsync(process);
    }

    private Process Start(JsonObject parameters)
    {
        var run = new JsonObject { ["run"] = "run-1", ["revision"] = 1, ["kind"] = "single", ["tasks"] = 1, ["parameterSets"] = new JsonArray(parameters) };
        var start = new ProcessStartInfo("dotnet", [model.Assembly]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["STRATA_SIMULATION_RUN"] = run.ToJsonString();
        start.Environment["JOB_COMPLETION_INDEX"] = "0";
        start.Environment["STRATA_VOLUME_RESULTS"] = _results.Path;
        return Process.Start(start)!;
    }

    private static async Task<(int ExitCode, string Output)> WaitAsync(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TaskTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the task did not end in {TaskTimeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The template rendered for an app and compiled once, as the vertical's <c>package</c> step does (Model.csproj).</summary>
    public sealed class BuiltModel : IAsyncLifetime
    {
        private readonly TempDirectory _folder = new("strata-heat-model");

        /// <summary>The built program's assembly.</summary>
        public string Assembly => _folder.Combine("out", "heat.dll");

        public async Task InitializeAsync()
        {
            var source = Directory.CreateDirectory(_folder.Combine("src")).FullName;
            foreach (var file in TemplateSet.FromEmbeddedResources(typeof(SimulationVertical).Assembly, "heat", "").Files.Where(f => f.Path.EndsWith(".cs", StringComparison.Ordinal)))
            {
                await File.WriteAllTextAsync(Path.Combine(source, file.Path), file.Content);
            }

            var project = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "plugins", "Strata.Verticals.Simulation", "model", "Model.csproj"));
            await File.WriteAllTextAsync(_folder.Combine("Model.csproj"), project
                .Replace("__SOURCE__", "src", StringComparison.Ordinal)
                .Replace("__ASSEMBLY__", "heat", StringComparison.Ordinal));
            (await DotnetCli.RunAsync(_folder.Path, null, "build", "Model.csproj", "-c", "Release", "-o", "out", "--nologo", "--disable-build-servers", "-nodeReuse:false")).Succeeded();
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
