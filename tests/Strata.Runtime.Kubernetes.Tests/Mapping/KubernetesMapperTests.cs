using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Core.Discovery;
using Strata.Core.Naming;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Mapping;

public sealed class KubernetesMapperTests
{
    [Fact]
    public void Discovery_env_has_cluster_dns_urls_under_the_same_keys_as_local()
    {
        var (revision, set) = Inputs.Storefront();
        // What the Local runtime builds: the same function, with loopback URLs.
        var localKeys = DiscoveryEnvironment.Build(revision, set, (_, _) => new Uri("http://127.0.0.1:41000"), port: 8080).Keys;

        var env = Container(Map(revision, set).OfType<V1Deployment>().Single(d => d.Metadata.Name == "storefront-web")).Env
            .ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal(localKeys.Order(StringComparer.Ordinal), env.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://storefront-catalog.strata-services.svc.cluster.local:8080", env["services__catalog__http__0"]);
        Assert.Equal("http://storefront-web.strata-services.svc.cluster.local:8080", env["services__web__http__0"]);
        Assert.Equal("8080", env["PORT"]);
    }

    [Fact]
    public void A_used_app_is_discovered_at_the_cluster_dns_name_of_the_service_its_route_leads_to()
    {
        var caas = new Strata.Manifest.CaasOverrides
        {
            Uses = [new Strata.Manifest.UsedApp("functions", "hello-function"), new Strata.Manifest.UsedApp("services", "storefront")],
            Env = new Dictionary<string, string> { ["services__storefront__http__0"] = "http://shop.example.com" },
        };
        var revision = Inputs.Revision("hello-caller", "functions", caas: caas);
        var set = Core.Mapping.WorkloadSetOverrides.Apply(
            new WorkloadSet
            {
                Services = [new ServiceWorkload { Name = "fn", Artifact = revision.DefaultArtifact }],
                Jobs = [new JobWorkload { Name = "warm-up", Artifact = revision.DefaultArtifact }],
            },
            caas);
        var uses = new Dictionary<Strata.Manifest.UsedApp, UsedAppTarget>
        {
            [caas.Uses[0]] = new UsedAppTarget("fn", 8080),
            [caas.Uses[1]] = new UsedAppTarget("web", 80),
        };

        var objects = KubernetesMapper.Map(revision, set, Inputs.Options with { ClusterDomain = "corp.internal" }, RawInputs.None, uses);

        var service = Container(objects.OfType<V1Deployment>().Single()).Env.ToDictionary(e => e.Name, e => e.Value);
        var job = Assert.Single(objects.OfType<V1Job>().Single().Spec.Template.Spec.Containers).Env.ToDictionary(e => e.Name, e => e.Value);
        foreach (var env in new[] { service, job })
        {
            Assert.Equal("http://hello-function-fn.strata-functions.svc.corp.internal:8080", env["services__hello-function__http__0"]);
            // caas.env wins over discovery, as on Local.
            Assert.Equal("http://shop.example.com", env["services__storefront__http__0"]);
        }
    }

    [Fact]
    public void A_used_app_whose_service_is_not_known_is_refused_naming_its_entry()
    {
        var caas = new Strata.Manifest.CaasOverrides { Uses = [new Strata.Manifest.UsedApp("functions", "known"), new Strata.Manifest.UsedApp("mobile", "todo")] };
        var revision = Inputs.Revision("hello-caller", "functions", caas: caas);
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "fn", Artifact = revision.DefaultArtifact }] };
        var uses = new Dictionary<Strata.Manifest.UsedApp, UsedAppTarget> { [caas.Uses[0]] = new UsedAppTarget("fn", 8080) };

        var partly = Assert.Throws<StrataException>(() => KubernetesMapper.Map(revision, set, Inputs.Options, RawInputs.None, uses));
        var none = Assert.Throws<StrataException>(() => KubernetesMapper.Map(revision, set, Inputs.Options));

        Assert.Equal("caas.uses[1]", partly.Path);
        Assert.Contains("uses app 'mobile/todo'", partly.Message, StringComparison.Ordinal);
        Assert.Contains("deploy it first", partly.Message, StringComparison.Ordinal);
        Assert.Equal("caas.uses[0]", none.Path);
    }

    [Fact]
    public void The_cluster_inputs_carry_the_used_apps_into_the_objects_a_deploy_applies()
    {
        var caas = new Strata.Manifest.CaasOverrides { Uses = [new Strata.Manifest.UsedApp("functions", "hello-function")] };
        var revision = Inputs.Revision("hello-caller", "functions", caas: caas);
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "fn", Artifact = revision.DefaultArtifact }] };
        var inputs = ClusterInputs.None with { Uses = new Dictionary<Strata.Manifest.UsedApp, UsedAppTarget> { [caas.Uses[0]] = new UsedAppTarget("fn", 8080) } };

        var objects = Strata.Runtime.Kubernetes.Cluster.AppObjects.For(revision, set, Inputs.Options, inputs).Objects;

        Assert.Contains(
            Container(objects.OfType<V1Deployment>().Single()).Env,
            e => e.Name == "services__hello-function__http__0" && e.Value == "http://hello-function-fn.strata-functions.svc.cluster.local:8080");
        Assert.Throws<StrataException>(() => Strata.Runtime.Kubernetes.Cluster.AppObjects.For(revision, set, Inputs.Options, ClusterInputs.None));
    }

    [Fact]
    public void Discovery_urls_use_the_configured_cluster_domain()
    {
        var (revision, set) = Inputs.Storefront();

        var env = Container(Map(revision, set, Inputs.Options with { ClusterDomain = "corp.internal" }).OfType<V1Deployment>().First()).Env;

        Assert.Contains(env, e => e.Value == "http://storefront-catalog.strata-services.svc.corp.internal:8080");
    }

    [Fact]
    public void An_explicit_env_setting_wins_over_discovery()
    {
        var revision = Inputs.Revision("api", "services");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, Env = new Dictionary<string, string> { ["PORT"] = "9000" } }],
        };

        var env = Container(Map(revision, set).OfType<V1Deployment>().Single()).Env;

        Assert.Equal("9000", Assert.Single(env, e => e.Name == "PORT").Value);
    }

    [Fact]
    public void A_job_task_knows_its_job_and_listens_on_no_port()
    {
        var revision = Inputs.Revision("sweep", "simulation");
        var set = new WorkloadSet { Jobs = [new JobWorkload { Name = "solve", Artifact = revision.DefaultArtifact }] };

        var job = Map(revision, set).OfType<V1Job>().Single();
        var env = Assert.Single(job.Spec.Template.Spec.Containers).Env;

        Assert.Equal("solve", Assert.Single(env, e => e.Name == "STRATA_JOB").Value);
        Assert.DoesNotContain(env, e => e.Name == "PORT");
        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public void An_artifact_without_an_image_is_refused_with_how_to_fix_it()
    {
        var revision = Inputs.Revision("api", "services", artifact: new Artifact { Directory = "/tmp/api", Command = ["dotnet", "Api.dll"] });
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact }] };

        var error = Assert.Throws<StrataException>(() => Map(revision, set));

        Assert.Contains("needs one", error.Message, StringComparison.Ordinal);
        Assert.Contains("OCI image", error.Message, StringComparison.Ordinal);
        Assert.Contains("publish-image build step", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registry.example.com/app:r1", "sha256:abc", "registry.example.com/app@sha256:abc")]
    [InlineData("localhost:5000/app:r1", "sha256:abc", "localhost:5000/app@sha256:abc")]
    [InlineData("localhost:5000/app", "sha256:abc", "localhost:5000/app@sha256:abc")]
    [InlineData("registry.example.com/app@sha256:old", "sha256:abc", "registry.example.com/app@sha256:abc")]
    [InlineData("registry.example.com/app:r1", null, "registry.example.com/app:r1")]
    public void The_image_is_pinned_to_the_digest_when_there_is_one(string image, string? digest, string expected)
    {
        var revision = Inputs.Revision("api", "services", artifact: new Artifact { Image = image, ImageDigest = digest });
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact }] };

        Assert.Equal(expected, Container(Map(revision, set).OfType<V1Deployment>().Single()).Image);
    }

    [Fact]
    public void Every_object_carries_the_labels_and_the_ownership_mark()
    {
        var revision = Inputs.Revision("backend", "mobile", number: 3);
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, Autoscale = new AutoscaleBounds(1, 3), EnvFrom = ["settings", "keys"] }],
            Jobs = [new JobWorkload { Name = "migrate", Artifact = revision.DefaultArtifact }],
            Routes = [new Route { Name = "public", Service = "api" }],
            Config = [new ConfigSet { Name = "settings" }],
            Secrets = [new SecretSet { Name = "keys" }],
        };

        var objects = Map(revision, set);

        Assert.Equal(
            ["ConfigMap", "Secret", "Service", "Deployment", "HorizontalPodAutoscaler", "Job", "Ingress"],
            objects.Select(o => o.Kind));
        Assert.All(objects, o =>
        {
            var metadata = ((IMetadata<V1ObjectMeta>)o).Metadata;
            Assert.Equal("strata-mobile", metadata.NamespaceProperty);
            Assert.Equal("strata", metadata.Labels[StrataLabels.ManagedBy]);
            Assert.Equal("backend", metadata.Labels[StrataLabels.Name]);
            Assert.Equal("mobile", metadata.Labels[StrataLabels.Vertical]);
            Assert.Equal("3", metadata.Labels[StrataLabels.Revision]);
            Assert.Equal("mobile/backend", metadata.Annotations[StrataAnnotations.OwnedBy]);
            Assert.InRange(metadata.Name.Length, 1, StrataNames.MaxLabelLength);
        });
    }

    [Fact]
    public void Pod_templates_carry_the_selector_labels()
    {
        var (revision, set) = Inputs.Storefront();

        Assert.All(Map(revision, set).OfType<V1Deployment>(), deployment =>
        {
            var templateLabels = deployment.Spec.Template.Metadata.Labels;
            Assert.NotEmpty(deployment.Spec.Selector.MatchLabels);
            Assert.All(deployment.Spec.Selector.MatchLabels, pair => Assert.Equal(pair.Value, templateLabels[pair.Key]));
            Assert.DoesNotContain(StrataLabels.Revision, deployment.Spec.Selector.MatchLabels.Keys);
        });
    }

    [Fact]
    public void An_autoscaled_service_leaves_replicas_to_the_autoscaler()
    {
        var revision = Inputs.Revision("api", "services");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, Replicas = 4, Autoscale = new AutoscaleBounds(2, 6) }],
        };

        var objects = Map(revision, set);

        Assert.Null(objects.OfType<V1Deployment>().Single().Spec.Replicas);
        var hpa = objects.OfType<V2HorizontalPodAutoscaler>().Single();
        Assert.Equal((2, 6), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        Assert.Equal("api-api", hpa.Spec.ScaleTargetRef.Name);
    }

    [Fact]
    public void A_service_that_listens_on_nothing_gets_no_kubernetes_service()
    {
        var revision = Inputs.Revision("queue", "services");
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "worker", Artifact = revision.DefaultArtifact, Ports = [] }] };

        var objects = Map(revision, set);

        Assert.Equal(["Deployment"], objects.Select(o => o.Kind));
        var container = Container(objects.OfType<V1Deployment>().Single());
        Assert.Null(container.Ports);
        Assert.DoesNotContain(container.Env, e => e.Name == "PORT");
    }

    [Fact]
    public void Namespaces_of_two_verticals_differ()
    {
        var functions = KubernetesMapper.Namespace("functions", Inputs.Options);
        var services = KubernetesMapper.Namespace("services", Inputs.Options);

        Assert.Equal("strata-functions", functions.Metadata.Name);
        Assert.Equal("strata-services", services.Metadata.Name);
        Assert.Equal("functions", functions.Metadata.Labels[StrataLabels.Vertical]);
        Assert.Equal("team-a-functions", KubernetesMapper.Namespace("functions", Inputs.Options with { NamespacePrefix = "team-a-" }).Metadata.Name);
    }

    [Fact]
    public void Apps_of_the_same_name_in_two_verticals_land_in_different_namespaces()
    {
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "web", Artifact = Inputs.Image("registry.example.com/x") }] };

        var first = Map(Inputs.Revision("shop", "functions"), set).Select(Namespace).Distinct();
        var second = Map(Inputs.Revision("shop", "services"), set).Select(Namespace).Distinct();

        Assert.Equal(["strata-functions"], first);
        Assert.Equal(["strata-services"], second);
    }

    [Fact]
    public void The_render_does_not_depend_on_the_order_of_the_input()
    {
        var (revision, set) = Inputs.Storefront();
        var reversed = set with { Services = [.. set.Services.Reverse()] };

        Assert.Equal(KubernetesRender.ToYaml(Map(revision, set)), KubernetesRender.ToYaml(Map(revision, reversed)));
    }

    [Fact]
    public void A_route_to_an_unknown_service_is_refused()
    {
        var revision = Inputs.Revision("api", "services");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact }],
            Routes = [new Route { Name = "public", Service = "web" }],
        };

        var error = Assert.Throws<StrataException>(() => Map(revision, set));

        Assert.Contains("'web'", error.Message, StringComparison.Ordinal);
        Assert.Equal("routes.public.service", error.Path);
    }

    [Fact]
    public void Env_from_an_unknown_set_is_refused()
    {
        var revision = Inputs.Revision("api", "services");
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, EnvFrom = ["missing"] }] };

        var error = Assert.Throws<StrataException>(() => Map(revision, set));

        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mount_of_an_unknown_volume_is_refused()
    {
        var revision = Inputs.Revision("api", "services");
        var set = new WorkloadSet { Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, Volumes = [new VolumeMount { Volume = "missing", Path = "/data" }] }] };

        var error = Assert.Throws<StrataException>(() => Map(revision, set));

        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
        Assert.Equal("api.volumes", error.Path);
    }

    [Fact]
    public void Gateway_api_without_a_gateway_is_refused()
    {
        var revision = Inputs.Revision("api", "services");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact }],
            Routes = [new Route { Name = "public", Service = "api" }],
        };

        var error = Assert.Throws<StrataException>(() => Map(revision, set, Inputs.Options with { UseGatewayApi = true }));

        Assert.Contains("GatewayName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_entrypoint_runs_unless_the_workload_set_asks_for_another_command()
    {
        // A build that produced both a folder command (for Local) and an image.
        var artifact = Inputs.Image("registry.example.com/api") with { Directory = "/data/artifacts/api", Command = ["dotnet", "Api.dll"] };
        var revision = Inputs.Revision("api", "services", artifact: artifact);
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = artifact, Args = ["--verbose"] }],
            Jobs = [new JobWorkload { Name = "migrate", Artifact = artifact with { ImageCommand = ["/app/migrate"] } }],
        };

        var objects = Map(revision, set);

        var service = Container(objects.OfType<V1Deployment>().Single());
        Assert.Null(service.Command);
        Assert.Equal(["--verbose"], service.Args);
        Assert.Equal(["/app/migrate"], Assert.Single(objects.OfType<V1Job>().Single().Spec.Template.Spec.Containers).Command);
    }

    [Fact]
    public void Each_revision_runs_its_own_job_so_a_changed_template_is_never_an_update()
    {
        var set = new WorkloadSet { Jobs = [new JobWorkload { Name = "migrate", Artifact = Inputs.Image("registry.example.com/api") }] };

        var first = Map(Inputs.Revision("api", "services", number: 1), set).OfType<V1Job>().Single();
        var second = Map(Inputs.Revision("api", "services", number: 2), set).OfType<V1Job>().Single();

        Assert.Equal("api-migrate-r1", first.Metadata.Name);
        Assert.Equal("api-migrate-r2", second.Metadata.Name);
        Assert.Equal("migrate", second.Metadata.Labels[StrataLabels.Component]);
        Assert.Equal(KubernetesMapper.JobName("api", "migrate", 2), second.Metadata.Name);
        var longName = KubernetesMapper.JobName(new string('a', 60), "migrate", 12);
        Assert.InRange(longName.Length, 1, StrataNames.MaxLabelLength);
        Assert.NotEqual(longName, KubernetesMapper.JobName(new string('a', 60), "migrate", 13));
    }

    [Fact]
    public void A_deploy_gets_the_real_secret_values_and_a_render_gets_placeholders()
    {
        var revision = Inputs.Revision("backend", "mobile");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, EnvFrom = ["keys"] }],
            Secrets = [new SecretSet { Name = "keys", Data = new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2", ["API_KEY"] = "k-123" } }],
        };

        var applied = Map(revision, set);
        var rendered = KubernetesRender.RedactSecrets(applied);
        var yaml = KubernetesRender.ToYaml(rendered);

        Assert.Equal("hunter2", applied.OfType<V1Secret>().Single().StringData["DB_PASSWORD"]);
        Assert.DoesNotContain("hunter2", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("k-123", yaml, StringComparison.Ordinal);
        Assert.Contains("DB_PASSWORD: REDACTED", yaml, StringComparison.Ordinal);
        Assert.Contains(KubernetesRender.RedactedAnnotation, yaml, StringComparison.Ordinal);
        Assert.Equal(applied.Select(o => o.Kind), rendered.Select(o => o.Kind));
        Assert.Same(applied.OfType<V1Deployment>().Single(), rendered.OfType<V1Deployment>().Single());
    }

    private static IReadOnlyList<IKubernetesObject> Map(AppRevision revision, WorkloadSet set, KubernetesMappingOptions? options = null) =>
        KubernetesMapper.Map(revision, set, options ?? Inputs.Options);

    private static V1Container Container(V1Deployment deployment) => Assert.Single(deployment.Spec.Template.Spec.Containers);

    private static string Namespace(IKubernetesObject item) => ((IMetadata<V1ObjectMeta>)item).Metadata.NamespaceProperty;
}
