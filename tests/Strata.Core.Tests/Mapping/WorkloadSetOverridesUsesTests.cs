using Strata.Core.Discovery;
using Strata.Core.Mapping;
using Strata.Manifest;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Core.Tests.Mapping;

/// <summary><c>caas.uses</c> against what the vertical mapped, and how its keys layer with the workload's env.</summary>
public sealed class WorkloadSetOverridesUsesTests
{
    private static readonly Artifact Artifact = new() { Command = ["app"] };

    private static readonly WorkloadSet Set = new()
    {
        Services = [new ServiceWorkload { Name = "web", Artifact = Artifact, Ports = [ServicePort.Http, new ServicePort("metrics", 9090)] }],
        Jobs = [new JobWorkload { Name = "migrate", Artifact = Artifact }],
    };

    [Fact]
    public void A_used_app_named_like_one_of_the_apps_services_is_refused_with_its_path()
    {
        var caas = new CaasOverrides { Uses = [new UsedApp("functions", "hello"), new UsedApp("mobile", "web")] };

        var problem = Assert.Single(WorkloadSetOverrides.CheckUses(Set, caas));

        Assert.Equal("caas.uses[1]", problem.Path);
        Assert.Equal(
            "'web' is also the name of this app's service 'web', whose address is discovered as services__web__http__0 already; an app can use another app only under a name none of its own services has",
            problem.Message);
    }

    [Fact]
    public void Used_apps_of_other_names_and_a_name_like_a_job_are_fine()
    {
        var caas = new CaasOverrides { Uses = [new UsedApp("functions", "hello"), new UsedApp("functions", "migrate")] };

        Assert.Empty(WorkloadSetOverrides.CheckUses(Set, caas));
        Assert.Empty(WorkloadSetOverrides.CheckUses(Set, new CaasOverrides()));
    }

    [Fact]
    public void An_explicit_caas_env_entry_wins_over_the_used_apps_address_in_services_and_jobs()
    {
        var key = DiscoveryEnvironment.ServiceKey("hello");
        var caas = new CaasOverrides
        {
            Uses = [new UsedApp("functions", "hello")],
            Env = new Dictionary<string, string> { [key] = "http://elsewhere" },
        };
        var revision = new AppRevision { Number = 1, Manifest = new AppManifest { Name = "caller", Vertical = "functions", Caas = caas } };

        var applied = WorkloadSetOverrides.Apply(Set, caas);
        var discovery = DiscoveryEnvironment.Build(revision, applied, (s, p) => new Uri($"http://127.0.0.1:1/{s}/{p}"), null, _ => new Uri("http://127.0.0.1:5480/apps/functions/hello"));

        Assert.Equal("http://127.0.0.1:5480/apps/functions/hello", discovery[key]);
        // Runtimes layer the workload's env over discovery (ReplicaEnvironment, JobEnvironment, PodSpecs.Env).
        foreach (var env in new[] { applied.Services[0].Env, applied.Jobs[0].Env })
        {
            var layered = new Dictionary<string, string>(discovery);
            foreach (var (name, value) in env)
            {
                layered[name] = value;
            }

            Assert.Equal("http://elsewhere", layered[key]);
        }
    }
}
