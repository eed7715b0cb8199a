using System.Diagnostics;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Verticals.Simulation.Tests.Templates;

/// <summary>
/// The heat template's task program, built as the <c>package</c> step builds it and run as a process: its exit
/// code is what a runtime counts for the job's index, so it must agree with the <c>status.json</c> it writes.
/// </summary>
public sealed class HeatTaskProcessTests(BuiltHeatModel model) : IClassFixture<BuiltHeatModel>, IDisposable
{
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

        var (exitCode, output) = await BuiltHeatModel.WaitAsync(process);

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
        return await BuiltHeatModel.WaitAsync(process);
    }

    private Process Start(JsonObject parameters) =>
        model.StartTask(_results.Path, BuiltHeatModel.Run("run-1", parameters), index: 0);
}
