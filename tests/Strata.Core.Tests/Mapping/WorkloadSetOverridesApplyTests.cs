using Strata.Core.Mapping;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Core.Tests.Mapping;

public sealed class WorkloadSetOverridesApplyTests
{
    private static readonly Artifact Artifact = new() { Command = ["dotnet", "App.dll"] };

    private static readonly WorkloadSet Mapped = new()
    {
        Services =
        [
            new ServiceWorkload
            {
                Name = "web",
                Artifact = Artifact,
                Replicas = 1,
                Env = new Dictionary<string, string> { ["MODE"] = "vertical", ["KEEP"] = "yes" },
                Resources = new ResourceRequirements { Cpu = "100m", Memory = "128Mi" },
            },
            new ServiceWorkload
            {
                Name = "api",
                Artifact = Artifact,
                Autoscale = new AutoscaleBounds(1, 3),
            },
        ],
        Jobs =
        [
            new JobWorkload
            {
                Name = "migrate",
                Artifact = Artifact,
                Parallelism = 2,
                Env = new Dictionary<string, string> { ["MODE"] = "vertical" },
            },
        ],
        Routes = [new Route { Name = "web", Service = "web" }],
    };

    [Fact]
    public void Empty_overrides_change_nothing()
    {
        var result = WorkloadSetOverrides.Apply(Mapped, new CaasOverrides());

        Assert.Equal(Mapped.Services, result.Services);
        Assert.Equal(Mapped.Jobs, result.Jobs);
        Assert.Same(Mapped.Routes, result.Routes);
    }

    [Fact]
    public void Env_is_merged_and_the_user_wins()
    {
        var caas = new CaasOverrides { Env = new Dictionary<string, string> { ["MODE"] = "user", ["EXTRA"] = "1" } };

        var result = WorkloadSetOverrides.Apply(Mapped, caas);

        Assert.Equal(
            new Dictionary<string, string> { ["MODE"] = "user", ["KEEP"] = "yes", ["EXTRA"] = "1" },
            result.Services[0].Env);
        Assert.Equal(new Dictionary<string, string> { ["MODE"] = "user", ["EXTRA"] = "1" }, result.Services[1].Env);
        Assert.Equal(new Dictionary<string, string> { ["MODE"] = "user", ["EXTRA"] = "1" }, result.Jobs[0].Env);
    }

    [Fact]
    public void Replicas_apply_to_services_and_make_the_count_fixed()
    {
        var result = WorkloadSetOverrides.Apply(Mapped, new CaasOverrides { Replicas = 4 });

        Assert.All(result.Services, s => Assert.Equal(4, s.Replicas));
        Assert.All(result.Services, s => Assert.Null(s.Autoscale));
    }

    [Fact]
    public void Autoscale_applies_to_every_service()
    {
        var bounds = new AutoscaleBounds(0, 8) { TargetInFlight = 20 };

        var result = WorkloadSetOverrides.Apply(Mapped, new CaasOverrides { Replicas = 2, Autoscale = bounds });

        Assert.All(result.Services, s => Assert.Equal(bounds, s.Autoscale));
        Assert.All(result.Services, s => Assert.Equal(2, s.Replicas));
    }

    [Fact]
    public void Resources_are_merged_field_by_field_for_services_and_jobs()
    {
        var caas = new CaasOverrides { Resources = new ResourceRequirements { Cpu = "500m", MemoryLimit = "1Gi" } };

        var result = WorkloadSetOverrides.Apply(Mapped, caas);

        Assert.Equal(new ResourceRequirements { Cpu = "500m", Memory = "128Mi", MemoryLimit = "1Gi" }, result.Services[0].Resources);
        Assert.Equal(caas.Resources, result.Services[1].Resources);
        Assert.Equal(caas.Resources, result.Jobs[0].Resources);
    }

    [Fact]
    public void Jobs_keep_what_only_services_take()
    {
        var result = WorkloadSetOverrides.Apply(Mapped, new CaasOverrides { Replicas = 9, Autoscale = new AutoscaleBounds(0, 2) });

        Assert.Equal(Mapped.Jobs, result.Jobs);
        Assert.Equal(2, result.Jobs[0].Parallelism);
    }

    [Fact]
    public void The_input_is_unchanged()
    {
        var webEnv = Mapped.Services[0].Env;

        WorkloadSetOverrides.Apply(Mapped, new CaasOverrides
        {
            Replicas = 5,
            Resources = new ResourceRequirements { Cpu = "2" },
            Env = new Dictionary<string, string> { ["MODE"] = "user" },
        });

        Assert.Equal(1, Mapped.Services[0].Replicas);
        Assert.Equal("100m", Mapped.Services[0].Resources!.Cpu);
        Assert.Equal("vertical", webEnv["MODE"]);
        Assert.Equal(2, webEnv.Count);
        Assert.Equal(new AutoscaleBounds(1, 3), Mapped.Services[1].Autoscale);
    }
}
