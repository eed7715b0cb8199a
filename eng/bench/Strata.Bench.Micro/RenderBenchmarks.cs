using BenchmarkDotNet.Attributes;
using k8s;
using Strata.Core.Manifest;
using Strata.Core.Mapping;
using Strata.Runtime.Kubernetes;
using Strata.Verticals.Functions;
using Strata.Workloads;

namespace Strata.Bench.Micro;

/// <summary>
/// One app's Kubernetes objects → YAML: the writer <c>strata render</c> uses against the reference
/// serializer it reproduces byte for byte (KubernetesClient's YAML serializer). The functions app is
/// the control-plane benchmark's; the services app is MappingBenchmarks'.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private IReadOnlyList<IKubernetesObject> _objects = null!;

    [Params("functions", "services")]
    public string App { get; set; } = "functions";

    [GlobalSetup]
    public void Setup()
    {
        _objects = App == "functions" ? Functions() : Services();
        if (KubernetesRender.ToYaml(_objects) != Reference())
        {
            throw new InvalidOperationException("the writer and the reference disagree");
        }
    }

    /// <summary>KubernetesClient's serializer, object by object (the render before the writer).</summary>
    [Benchmark(Baseline = true)]
    public int Reference_serializer() => Reference().Length;

    /// <summary>KubernetesRender.ToYaml: the one-pass writer.</summary>
    [Benchmark]
    public int Writer() => KubernetesRender.ToYaml(_objects).Length;

    private string Reference() => string.Join("---\n", _objects.Select(KubernetesYamlReference.ToYaml));

    private static IReadOnlyList<IKubernetesObject> Functions()
    {
        var plugin = new FunctionsVertical();
        var vertical = new Strata.Bench.ControlPlane.CapturingBuilder(plugin.Descriptor);
        plugin.Configure(vertical);
        var manifest = AppManifestParser.Parse("""
            name: fn-00042
            vertical: functions
            spec:
              handler: Bench.Function42
              timeoutSeconds: 22
            caas:
              replicas: 2
              env:
                GREETING: hello 42
            """).Manifest!;
        var revision = new AppRevision
        {
            Manifest = manifest,
            Number = 1,
            SourceHash = "h42",
            Artifacts = new Dictionary<string, Artifact>
            {
                [Artifact.DefaultName] = new() { Directory = "/srv/artifacts/fn", Command = ["dotnet", "Fn.dll"], Image = "registry.example.com/strata/fn:r1", ImageDigest = "sha256:" + new string('a', 64) },
            },
        };
        var set = WorkloadSetOverrides.Apply(WorkloadSetCopy.Detach(vertical.Mapping!(revision)), manifest.Caas);
        return KubernetesMapper.Map(revision, set, new KubernetesMappingOptions());
    }

    private static IReadOnlyList<IKubernetesObject> Services()
    {
        var mapping = new MappingBenchmarks();
        mapping.Setup();
        return mapping.Objects;
    }
}
