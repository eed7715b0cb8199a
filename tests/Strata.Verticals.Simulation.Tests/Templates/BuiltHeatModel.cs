using System.Diagnostics;
using System.Text.Json.Nodes;
using Strata.Templates;
using Strata.Testing;

namespace Strata.Verticals.Simulation.Tests.Templates;

/// <summary>
/// The heat template rendered for an app and compiled once, as the vertical's <c>package</c> step does
/// (Model.csproj), and its tasks run as real processes with the variables a runtime gives them.
/// </summary>
public sealed class BuiltHeatModel : IAsyncLifetime
{
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _folder = new("strata-heat-model");

    /// <summary>The built program's assembly.</summary>
    public string Assembly => _folder.Combine("out", "heat.dll");

    /// <summary>A run as the mapping puts it in <c>STRATA_SIMULATION_RUN</c>, one task per parameter set.</summary>
    public static JsonObject Run(string run, params JsonObject[] parameterSets) => new()
    {
        ["run"] = run, ["revision"] = int.Parse(run["run-".Length..], System.Globalization.CultureInfo.InvariantCulture), ["kind"] = parameterSets.Length == 1 ? "single" : "grid",
        ["label"] = "test", ["parallelism"] = 1, ["tasks"] = parameterSets.Length, ["varied"] = new JsonArray(),
        ["parameterSets"] = new JsonArray([.. parameterSets.Select(p => (JsonNode)p.DeepClone())]),
    };

    /// <summary>Starts task <paramref name="index"/> of <paramref name="run"/>, writing under <paramref name="results"/>.</summary>
    public Process StartTask(string results, JsonObject run, int index)
    {
        var start = new ProcessStartInfo("dotnet", [Assembly]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["STRATA_SIMULATION_RUN"] = run.ToJsonString();
        start.Environment["JOB_COMPLETION_INDEX"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["STRATA_VOLUME_RESULTS"] = results;
        return Process.Start(start)!;
    }

    /// <summary>Runs task <paramref name="index"/> to its end.</summary>
    public async Task<(int ExitCode, string Output)> RunTaskAsync(string results, JsonObject run, int index)
    {
        using var process = StartTask(results, run, index);
        return await WaitAsync(process);
    }

    /// <summary>Waits at most two minutes for the task; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> WaitAsync(Process process)
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
