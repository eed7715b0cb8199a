using System.Text.Json;
using Strata.Verticals.Simulation.Mapping;
using Strata.Workloads;

namespace Strata.Verticals.Simulation.Tests.Mapping;

public sealed class SimulationMappingTests
{
    private static readonly Artifact Model = new() { Directory = "/artifacts/default", Command = ["dotnet", "heat.dll"] };

    [Fact]
    public void A_sweep_maps_to_one_indexed_job_with_the_runs_parallelism_and_the_results_volume()
    {
        var manifest = Manifests.Heat("""{ "label": "s", "sweep": { "grid": { "alpha": [0.5, 1, 2, 4], "scheme": ["explicit", "implicit"] } }, "parallelism": 2 }""");

        var set = SimulationMapping.Map(new AppRevision { Manifest = manifest, Number = 7, Artifacts = new Dictionary<string, Artifact> { ["default"] = Model } });

        var volume = Assert.Single(set.Volumes);
        Assert.Equal(("results", VolumeAccess.ReadWriteMany, "1Gi"), (volume.Name, volume.Access, volume.Size));
        var job = Assert.Single(set.Jobs);
        Assert.Equal(("run", 8, 2), (job.Name, job.Completions, job.Parallelism));
        Assert.Same(Model, job.Artifact);
        Assert.Equal("/results", Assert.Single(job.Volumes).Path);
        Assert.Empty(set.Services);

        using var run = JsonDocument.Parse(job.Env["STRATA_SIMULATION_RUN"]);
        Assert.Equal("run-7", run.RootElement.GetProperty("run").GetString());
        Assert.Equal(7, run.RootElement.GetProperty("revision").GetInt32());
        Assert.Equal(8, run.RootElement.GetProperty("parameterSets").GetArrayLength());
        var last = run.RootElement.GetProperty("parameterSets")[7];
        Assert.Equal((4.0, "implicit", 16), (last.GetProperty("alpha").GetDouble(), last.GetProperty("scheme").GetString(), last.GetProperty("points").GetInt32()));
    }

    [Fact]
    public void A_revision_without_a_run_keeps_the_volume_and_runs_nothing()
    {
        var set = SimulationMapping.Map(new AppRevision { Manifest = Manifests.With($$"""{ {{Manifests.HeatParameters}}, "resultsSize": "5Gi" }"""), Number = 1, Artifacts = new Dictionary<string, Artifact> { ["default"] = Model } });

        Assert.Empty(set.Jobs);
        Assert.Equal("5Gi", Assert.Single(set.Volumes).Size);
    }
}
