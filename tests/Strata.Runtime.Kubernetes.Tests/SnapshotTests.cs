using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests;

/// <summary>The rendered objects of typical workload sets, as reviewed YAML.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Functions_sample()
    {
        var (revision, set) = Inputs.Functions();
        var objects = KubernetesMapper.VerticalObjects("functions", Inputs.FunctionsPolicy, Inputs.Options)
            .Concat(KubernetesMapper.Map(revision, set, Inputs.Options));

        Snapshot.Match("functions", KubernetesRender.ToYaml(objects));
    }

    [Fact]
    public void Storefront_sample()
    {
        var (revision, set) = Inputs.Storefront();
        var options = new KubernetesMappingOptions { IngressClassName = "nginx", HostSuffix = "apps.example.com" };
        var objects = KubernetesMapper.VerticalObjects("services", Inputs.ServicesPolicy, options)
            .Concat(KubernetesMapper.Map(revision, set, options));

        Snapshot.Match("storefront", KubernetesRender.ToYaml(objects));
    }

    [Fact]
    public void Autoscaled_service()
    {
        var revision = Inputs.Revision("api", "services", number: 2);
        var set = new WorkloadSet
        {
            Services =
            [
                new ServiceWorkload
                {
                    Name = "api",
                    Artifact = revision.DefaultArtifact,
                    Replicas = 3,
                    Autoscale = new AutoscaleBounds(0, 5) { TargetInFlight = 20 },
                },
            ],
        };

        Snapshot.Match("autoscaled", Render(revision, set));
    }

    [Fact]
    public void Indexed_job()
    {
        var revision = Inputs.Revision("sweep", "simulation", number: 7);
        var set = new WorkloadSet
        {
            Jobs =
            [
                new JobWorkload
                {
                    Name = "solve",
                    Artifact = Inputs.Image("registry.example.com/solver", digest: null) with { ImageCommand = ["/app/solver"] },
                    Args = ["--mesh", "/data/mesh.vtk"],
                    Parallelism = 4,
                    Completions = 16,
                    BackoffLimit = 2,
                    ActiveDeadlineSeconds = 3600,
                    Env = new Dictionary<string, string> { ["SOLVER_TOLERANCE"] = "1e-6" },
                    Resources = new ResourceRequirements { Cpu = "2", Memory = "4Gi", CpuLimit = "4", MemoryLimit = "4Gi" },
                },
            ],
        };

        Snapshot.Match("job", Render(revision, set));
    }

    [Fact]
    public void Volumes_of_a_service_and_a_job()
    {
        var revision = Inputs.Revision("results", "simulation", number: 3);
        var set = new WorkloadSet
        {
            Volumes =
            [
                new PersistentVolume { Name = "results", Size = "10Gi", Access = VolumeAccess.ReadWriteMany },
                new PersistentVolume { Name = "db" },
            ],
            Services =
            [
                new ServiceWorkload
                {
                    Name = "api",
                    Artifact = Inputs.Image("registry.example.com/results-api"),
                    Volumes = [new VolumeMount { Volume = "db", Path = "/var/lib/db" }, new VolumeMount { Volume = "results", Path = "/results", ReadOnly = true }],
                },
            ],
            Jobs =
            [
                new JobWorkload
                {
                    Name = "solve",
                    Artifact = Inputs.Image("registry.example.com/solver"),
                    Completions = 4,
                    Parallelism = 2,
                    Volumes = [new VolumeMount { Volume = "results", Path = "/results" }],
                },
            ],
        };

        Snapshot.Match("volumes", Render(revision, set));
    }

    [Fact]
    public void Timer_function()
    {
        var (revision, set) = Inputs.Functions();
        set = set with
        {
            Schedules =
            [
                new ScheduledRequest
                {
                    Name = "timer",
                    Schedule = "*/5 * * * *",
                    Service = "fn",
                    Headers = new Dictionary<string, string> { ["X-Strata-Function"] = "hello-function" },
                    TimeoutSeconds = 30,
                },
            ],
        };

        Snapshot.Match("timer", Render(revision, set));
    }

    [Fact]
    public void Config_and_secret()
    {
        var revision = Inputs.Revision("backend", "mobile");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, EnvFrom = ["settings", "credentials"] }],
            Config = [new ConfigSet { Name = "settings", Data = new Dictionary<string, string> { ["PAGE_SIZE"] = "50", ["FEATURE_X"] = "on" } }],
            Secrets = [new SecretSet { Name = "credentials", Data = new Dictionary<string, string> { ["DB_PASSWORD"] = "not-a-real-password" } }],
        };

        // As a render for GitOps shows it: secret values replaced.
        Snapshot.Match("config-and-secret", KubernetesRender.ToYaml(KubernetesRender.RedactSecrets(KubernetesMapper.Map(revision, set, Inputs.Options))));
    }

    [Fact]
    public void Long_app_name()
    {
        var revision = Inputs.Revision("an-app-whose-name-is-long-enough-to-push-object-names-past-63", "functions");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "component-with-a-long-name", Artifact = revision.DefaultArtifact }],
        };

        Snapshot.Match("long-name", Render(revision, set));
    }

    [Fact]
    public void Gateway_api_routes()
    {
        var revision = Inputs.Revision("shop", "services");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "web", Artifact = revision.DefaultArtifact, Ports = [new ServicePort("http", 8080), new ServicePort("admin", 9090)] }],
            Routes =
            [
                new Route { Name = "web", Service = "web", PathPrefix = "/" },
                new Route { Name = "admin", Service = "web", Port = "admin", PathPrefix = "/admin", Host = "admin.example.com" },
            ],
        };
        var options = new KubernetesMappingOptions
        {
            UseGatewayApi = true,
            GatewayName = "public",
            GatewayNamespace = "gateways",
            HostSuffix = "apps.example.com",
        };

        Snapshot.Match("gateway-api", Render(revision, set, options));
    }

    [Fact]
    public void Namespace_of_a_vertical()
    {
        Snapshot.Match("namespace", KubernetesRender.ToYaml([KubernetesMapper.Namespace("functions", Inputs.Options)]));
    }

    [Fact]
    public void Vertical_objects_of_a_full_policy_with_gateway_api()
    {
        var policy = new Strata.Policy.ClusterPolicy
        {
            Quota = new Strata.Policy.NamespaceQuota { RequestsCpu = "4", RequestsMemory = "8Gi", LimitsCpu = "8", LimitsMemory = "16Gi", Pods = 50 },
            ContainerDefaults = new ResourceRequirements { Cpu = "250m", Memory = "256Mi", CpuLimit = "1", MemoryLimit = "512Mi" },
            IsolateNetwork = true,
        };
        var options = Inputs.Options with { UseGatewayApi = true, GatewayName = "public", GatewayNamespace = "gateways", IngressNamespace = "traefik" };

        Snapshot.Match("vertical-policy", KubernetesRender.ToYaml(KubernetesMapper.VerticalObjects("simulation", policy, options)));
    }

    [Fact]
    public void Raw_manifests_and_patches()
    {
        var (revision, set) = Inputs.Functions();
        revision = revision with { Manifest = revision.Manifest with { Caas = new Strata.Manifest.CaasOverrides { Raw = ["k8s/extra.yaml"], Patches = ["k8s/patch.yaml", "k8s/json-patch.yaml"] } } };
        var raw = new RawInputs
        {
            Files = new Dictionary<string, string>
            {
                ["k8s/extra.yaml"] = RawSamples.Extra,
                ["k8s/patch.yaml"] = RawSamples.StrategicPatch,
                ["k8s/json-patch.yaml"] = RawSamples.JsonPatch,
            },
        };

        Snapshot.Match("raw-and-patches", KubernetesRender.ToYaml(KubernetesMapper.Map(revision, set, Inputs.Options, raw)));
    }

    [Fact]
    public void Host_manifests()
    {
        Snapshot.Match("host", KubernetesRender.ToYaml(HostManifests.Build(new HostManifestOptions { Image = "registry.example.com/strata-host:1.0" })));
    }

    [Fact]
    public void App_using_other_apps()
    {
        // hello-caller (a function with a warm-up job) uses hello-function of its vertical and storefront of another.
        var caas = new Manifest.CaasOverrides
        {
            Uses = [new Manifest.UsedApp("functions", "hello-function"), new Manifest.UsedApp("services", "storefront")],
        };
        var revision = Inputs.Revision("hello-caller", "functions", artifact: Inputs.Image("localhost:5000/strata/hello-caller"), caas: caas);
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "fn", Artifact = revision.DefaultArtifact }],
            Jobs = [new JobWorkload { Name = "warm-up", Artifact = revision.DefaultArtifact }],
            Routes = [new Route { Name = "http", Service = "fn", PathPrefix = "/" }],
        };
        var uses = new Dictionary<Manifest.UsedApp, UsedAppTarget>
        {
            [caas.Uses[0]] = new UsedAppTarget("fn", 8080),
            [caas.Uses[1]] = new UsedAppTarget("web", 8080),
        };

        Snapshot.Match("uses", KubernetesRender.ToYaml(KubernetesMapper.Map(revision, set, Inputs.Options, RawInputs.None, uses)));
    }

    private static string Render(AppRevision revision, WorkloadSet set, KubernetesMappingOptions? options = null) =>
        KubernetesRender.ToYaml(KubernetesMapper.Map(revision, set, options ?? Inputs.Options));
}
