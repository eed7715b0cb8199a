using System.Text.Json;
using Strata.Manifest;
using Strata.Policy;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Support;

/// <summary>Hand-built revisions and workload sets, shaped like the sample apps' mappings.</summary>
internal static class Inputs
{
    public const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

    public static KubernetesMappingOptions Options { get; } = new();

    public static AppRevision Revision(string app, string vertical, int number = 1, Artifact? artifact = null, CaasOverrides? caas = null) => new()
    {
        Manifest = new AppManifest { Name = app, Vertical = vertical, Spec = default(JsonElement), Caas = caas ?? new CaasOverrides() },
        Number = number,
        Artifacts = new Dictionary<string, Artifact> { [Artifact.DefaultName] = artifact ?? Image("registry.example.com/" + app) },
    };

    public static Artifact Image(string repository, string tag = "r1", string? digest = Digest) => new()
    {
        Image = $"{repository}:{tag}",
        ImageDigest = digest,
    };

    /// <summary>What the functions vertical declares with UseClusterPolicy (FunctionsMapping.Policy).</summary>
    public static ClusterPolicy FunctionsPolicy { get; } = new()
    {
        Quota = new NamespaceQuota { RequestsCpu = "8", RequestsMemory = "16Gi", LimitsMemory = "32Gi", Pods = 200 },
        ContainerDefaults = new ResourceRequirements { Cpu = "50m", Memory = "128Mi", MemoryLimit = "256Mi" },
        IsolateNetwork = true,
    };

    /// <summary>What the services vertical (samples/verticals/Acme.Verticals.Services) declares with UseClusterPolicy.</summary>
    public static ClusterPolicy ServicesPolicy { get; } = new()
    {
        ContainerDefaults = new ResourceRequirements { Cpu = "100m", Memory = "256Mi", MemoryLimit = "512Mi" },
        IsolateNetwork = true,
    };

    /// <summary>What the functions vertical maps <c>samples/hello-function</c> onto.</summary>
    public static (AppRevision Revision, WorkloadSet Set) Functions()
    {
        var revision = Revision("hello-function", "functions", artifact: Image("localhost:5000/strata/hello-function"));
        var set = new WorkloadSet
        {
            Services =
            [
                new ServiceWorkload
                {
                    Name = "fn",
                    Artifact = revision.DefaultArtifact,
                    Readiness = new HttpProbe("/_strata/healthz") { PeriodSeconds = 5 },
                    Liveness = new HttpProbe("/_strata/healthz") { PeriodSeconds = 10, InitialDelaySeconds = 5 },
                    Env = new Dictionary<string, string>
                    {
                        ["FUNCTION_HANDLER"] = "HelloFunction.Function",
                        ["FUNCTION_TIMEOUT_SECONDS"] = "30",
                        ["GREETING"] = "Hello from Strata",
                    },
                },
            ],
            Routes = [new Route { Name = "http", Service = "fn", PathPrefix = "/" }],
        };
        return (revision, set);
    }

    /// <summary>What the services vertical maps <c>samples/storefront</c> onto: a public web and an internal catalog.</summary>
    public static (AppRevision Revision, WorkloadSet Set) Storefront()
    {
        var revision = Revision("storefront", "services", number: 4);
        var set = new WorkloadSet
        {
            Services =
            [
                new ServiceWorkload
                {
                    Name = "web",
                    Artifact = Image("registry.example.com/storefront-web", "r4"),
                    Replicas = 2,
                    Readiness = new HttpProbe("/healthz"),
                    Resources = new ResourceRequirements { Cpu = "100m", Memory = "128Mi", MemoryLimit = "256Mi" },
                },
                new ServiceWorkload
                {
                    Name = "catalog",
                    Artifact = Image("registry.example.com/storefront-catalog", "r4"),
                    Readiness = new HttpProbe("/healthz"),
                },
            ],
            Routes = [new Route { Name = "web", Service = "web", PathPrefix = "/" }],
        };
        return (revision, set);
    }
}
