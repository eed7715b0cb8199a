using BenchmarkDotNet.Attributes;
using k8s;
using Strata.Core.Manifest;
using Strata.Core.Mapping;
using Strata.Runtime.Kubernetes;
using Strata.Workloads;

namespace Strata.Bench.Micro;

/// <summary>One app revision from manifest text to Kubernetes objects and YAML, step by step.</summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private const string Manifest = """
        name: storefront
        vertical: services
        spec: {}
        caas:
          replicas: 2
          resources: { cpu: 250m, memory: 256Mi }
          env: { GREETING: hi }
        """;

    private static readonly Artifact Image = new() { Image = "registry.example.com/storefront:r3", ImageDigest = "sha256:" + new string('c', 64) };
    private readonly KubernetesMappingOptions _options = new() { IngressClassName = "nginx" };
    private AppRevision _revision = null!;
    private WorkloadSet _set = null!;
    private IReadOnlyList<IKubernetesObject> _objects = null!;

    /// <summary>The mapped objects (after <see cref="Setup"/>), for RenderBenchmarks.</summary>
    internal IReadOnlyList<IKubernetesObject> Objects => _objects;

    [GlobalSetup]
    public void Setup()
    {
        _revision = new AppRevision { Manifest = AppManifestParser.Parse(Manifest).Manifest!, Number = 3 };
        _set = new WorkloadSet
        {
            Services =
            [
                new ServiceWorkload { Name = "web", Artifact = Image, Replicas = 2, Readiness = new HttpProbe("/healthz"), Autoscale = new AutoscaleBounds(1, 5) },
                new ServiceWorkload { Name = "catalog", Artifact = Image, Readiness = new HttpProbe("/healthz") },
            ],
            Routes = [new Route { Name = "public", Service = "web" }],
            Config = [new ConfigSet { Name = "settings", Data = new Dictionary<string, string> { ["MODE"] = "shop" } }],
        };
        _objects = KubernetesMapper.Map(_revision, _set, _options);
    }

    /// <summary>strata.yaml text → a validated manifest.</summary>
    [Benchmark]
    public object? Parse() => AppManifestParser.Parse(Manifest).Manifest;

    /// <summary>caas overrides applied and the set checked, as every deploy does.</summary>
    [Benchmark]
    public int OverrideAndCheck() => WorkloadSetOverrides.Check(WorkloadSetOverrides.Apply(_set, _revision.Manifest.Caas)).Count;

    /// <summary>Workload set → Kubernetes objects (pure).</summary>
    [Benchmark(Baseline = true)]
    public int Map() => KubernetesMapper.Map(_revision, _set, _options).Count;

    /// <summary>Objects → YAML, as <c>strata render</c> writes them.</summary>
    [Benchmark]
    public int RenderYaml() => KubernetesRender.ToYaml(_objects).Length;

    /// <summary>Objects → JSON, as a deploy applies them.</summary>
    [Benchmark]
    public int RenderJson() => _objects.Sum(o => KubernetesJson.Serialize(o).Length);
}
