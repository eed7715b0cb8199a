using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Runtime.Kubernetes.Volumes;

namespace Strata.Runtime.Kubernetes.Tests;

/// <summary>The reader pod of a volume claim, as reviewed YAML (and so schema-validated with the other snapshots).</summary>
public sealed class VolumeReaderSnapshotTests
{
    [Fact]
    public void Reader_pod_of_the_simulation_results_claim()
    {
        var pod = VolumeReaderPod.Build("simulation", "heat", "results", "strata-simulation", new KubernetesMappingOptions().VolumeReaderImage);

        Snapshot.Match("volume-reader", KubernetesRender.ToYaml([pod]));
    }
}
