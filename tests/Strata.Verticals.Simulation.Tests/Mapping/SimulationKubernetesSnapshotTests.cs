using System.Runtime.CompilerServices;
using Strata.Runtime.Kubernetes;
using Strata.Verticals.Simulation.Mapping;
using Strata.Workloads;

namespace Strata.Verticals.Simulation.Tests.Mapping;

/// <summary>
/// A sweep of the heat template on a cluster, as reviewed YAML: one indexed Job with the run's completions
/// and parallelism, and the results volume as a ReadWriteMany claim mounted at /results.
/// </summary>
public sealed class SimulationKubernetesSnapshotTests
{
    private const string UpdateVariable = "STRATA_UPDATE_SNAPSHOTS";

    [Fact]
    public void A_sweep_is_one_indexed_job_over_a_read_write_many_claim()
    {
        var manifest = Manifests.Heat("""{ "label": "sweep", "parameters": { "points": 8 }, "sweep": { "grid": { "alpha": [0.5, 2], "scheme": ["explicit", "implicit"] } }, "parallelism": 2 }""");
        var image = new Artifact
        {
            Directory = "/data/artifacts/default",
            Command = ["dotnet", "heat.dll"],
            Image = "registry.example.com/strata/simulation-heat:4",
            ImageDigest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
        };
        var revision = new AppRevision { Manifest = manifest, Number = 4, Artifacts = new Dictionary<string, Artifact> { [Artifact.DefaultName] = image } };

        var yaml = KubernetesRender.ToYaml(KubernetesMapper.Map(revision, SimulationMapping.Map(revision), new KubernetesMappingOptions()));

        Assert.Contains("completionMode: Indexed", yaml, StringComparison.Ordinal);
        Assert.Contains("ReadWriteMany", yaml, StringComparison.Ordinal);
        Match("heat-sweep", yaml);
    }

    private static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        // The source folder, not the output folder: snapshots are reviewed and committed with the code.
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", name + ".verified.yaml");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot at {path}. Run the tests with {UpdateVariable}=1 to create it, review it, and commit it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
