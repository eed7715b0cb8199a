using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests;

public sealed class HostManifestsTests
{
    [Fact]
    public void The_host_role_grants_what_apply_and_prune_need_on_every_kind_strata_maps_and_nothing_wild()
    {
        var role = HostManifests.Build(new HostManifestOptions()).OfType<V1ClusterRole>().Single();
        var revision = Inputs.Revision("backend", "mobile");
        var set = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = revision.DefaultArtifact, Autoscale = new AutoscaleBounds(1, 3), EnvFrom = ["settings", "keys"] }],
            Jobs = [new JobWorkload { Name = "migrate", Artifact = revision.DefaultArtifact }],
            Routes = [new Route { Name = "public", Service = "api" }],
            Config = [new ConfigSet { Name = "settings" }],
            Secrets = [new SecretSet { Name = "keys" }],
        };
        var gateway = Inputs.Options with { UseGatewayApi = true, GatewayName = "public" };
        var mapped = KubernetesMapper.Map(revision, set, Inputs.Options)
            .Concat(KubernetesMapper.Map(revision, set, gateway))
            .Concat(KubernetesMapper.VerticalObjects("mobile", Inputs.FunctionsPolicy, Inputs.Options));

        foreach (var item in mapped)
        {
            var group = item.ApiVersion.Contains('/', StringComparison.Ordinal) ? item.ApiVersion[..item.ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            var resource = Plural(item.Kind);
            var verbs = role.Rules.Where(r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource)).SelectMany(r => r.Verbs).ToHashSet();
            // Server-side apply is a PATCH; status and rollout read with get, list and watch.
            Assert.True(new[] { "get", "list", "watch", "patch" }.All(verbs.Contains), $"{group}/{resource}: {string.Join(",", verbs)}");
            if (item.Kind != V1Namespace.KubeKind)
            {
                Assert.Contains("delete", verbs);
            }
        }

        Assert.All(role.Rules, rule =>
        {
            Assert.DoesNotContain("*", rule.Verbs);
            Assert.DoesNotContain("*", rule.Resources);
            Assert.DoesNotContain("*", rule.ApiGroups);
            Assert.DoesNotContain("escalate", rule.Verbs);
            Assert.DoesNotContain("bind", rule.Verbs);
        });
        // Logs and events are read only; pods are written only for the volume readers (create, patch, delete: never update, which
        // could rewrite an app's pod spec), and exec is granted on pods, not on deployments or jobs.
        Assert.All(role.Rules.Where(r => r.Resources.Contains("pods/log") || r.Resources.Contains("events")), r => Assert.Empty(r.Verbs.Except(["get", "list", "watch"])));
        Assert.Empty(Assert.Single(role.Rules, r => r.Resources.Contains("pods")).Verbs.Except(["get", "list", "watch", "create", "patch", "delete"]));
        Assert.Equal(["create", "get"], Assert.Single(role.Rules, r => r.Resources.Contains("pods/exec")).Verbs);
        Assert.DoesNotContain(role.Rules, r => r.Resources.Any(resource => resource.EndsWith("/exec", StringComparison.Ordinal) && resource != "pods/exec"));
        Assert.DoesNotContain(role.Rules, r => r.Resources.Contains("namespaces") && r.Verbs.Contains("delete"));
    }

    [Fact]
    public void The_host_runs_once_with_its_state_on_a_volume()
    {
        var objects = HostManifests.Build(new HostManifestOptions { Image = "registry.example.com/strata:2", Namespace = "platform", StorageClassName = "fast" });

        var deployment = objects.OfType<V1Deployment>().Single();
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        Assert.Equal("registry.example.com/strata:2", deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(HostManifests.Name, deployment.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal(HostManifests.Name, deployment.Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName);
        Assert.Equal("fast", objects.OfType<V1PersistentVolumeClaim>().Single().Spec.StorageClassName);
        Assert.Equal("platform", objects.OfType<V1ClusterRoleBinding>().Single().Subjects.Single().NamespaceProperty);
        Assert.All(objects.Where(o => o.Kind is not ("Namespace" or "ClusterRole" or "ClusterRoleBinding")),
            o => Assert.Equal("platform", ((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty));
    }

    [Theory]
    [InlineData("", "strata-system", "10Gi", "image")]
    [InlineData("x:1", "Strata_System", "10Gi", "namespace")]
    [InlineData("x:1", "strata-system", "ten gigs", "storageSize")]
    public void Invalid_options_are_refused_naming_the_option(string image, string ns, string size, string path)
    {
        var error = Assert.Throws<StrataException>(() => HostManifests.Build(new HostManifestOptions { Image = image, Namespace = ns, StorageSize = size }));

        Assert.Equal(path, error.Path);
    }

    private static string Plural(string kind)
    {
        var lower = kind.ToLowerInvariant();
        return lower.EndsWith('s') ? lower + "es" : lower.EndsWith('y') ? lower[..^1] + "ies" : lower + "s";
    }
}
