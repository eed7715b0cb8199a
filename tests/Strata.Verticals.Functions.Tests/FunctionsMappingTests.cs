using System.Text.Json;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Verticals.Functions.Tests;

public sealed class FunctionsMappingTests
{
    private static readonly Artifact Published = new() { Directory = "/revisions/hello/1/default", Command = ["dotnet", "FunctionHost.dll"] };

    private static AppRevision Revision(string spec) => new()
    {
        Manifest = new AppManifest { Name = "hello", Vertical = "functions", Spec = JsonDocument.Parse(spec).RootElement },
        Number = 3,
        Artifacts = new Dictionary<string, Artifact> { [Artifact.DefaultName] = Published },
    };

    [Fact]
    public void Maps_one_service_with_probes_and_one_route_to_it()
    {
        var set = FunctionsMapping.Map(Revision("""{"handler": "Hello.Function", "timeoutSeconds": 12}"""));

        var service = Assert.Single(set.Services);
        Assert.Equal("fn", service.Name);
        Assert.Same(Published, service.Artifact);
        Assert.Equal("/_strata/healthz", service.Readiness!.Path);
        Assert.Equal("/_strata/healthz", service.Liveness!.Path);
        Assert.Equal("12", service.Env["FUNCTION_TIMEOUT_SECONDS"]);
        Assert.Equal("Hello.Function", service.Env["FUNCTION_HANDLER"]);
        Assert.Equal("functions", service.Env["STRATA_FUNCTIONS_DIR"]);
        Assert.Equal("hello", service.Env["Strata__Functions__DefaultFunction"]);
        Assert.Equal(("128Mi", "256Mi"), (service.Resources!.Memory, service.Resources.MemoryLimit));
        Assert.Equal([ServicePort.Http], service.Ports);
        var route = Assert.Single(set.Routes);
        Assert.Equal(("fn", "/", "http"), (route.Service, route.PathPrefix, route.Port));
        Assert.Empty(set.Jobs);
        Assert.Empty(set.Schedules);
    }

    [Fact]
    public void A_schedule_maps_to_a_scheduled_post_that_names_the_function()
    {
        var set = FunctionsMapping.Map(Revision("""{"handler": "Hello.Function", "timeoutSeconds": 20, "schedule": "*/5 * * * *"}"""));

        var schedule = Assert.Single(set.Schedules);
        Assert.Equal(("timer", "*/5 * * * *", "fn", "http", "/", "POST"), (schedule.Name, schedule.Schedule, schedule.Service, schedule.Port, schedule.Path, schedule.Method));
        Assert.Equal("hello", schedule.Headers["X-Strata-Function"]);
        Assert.Equal(30, schedule.TimeoutSeconds);
    }

    [Fact]
    public void A_shared_function_maps_to_the_pools_worker_and_contributes_its_folder()
    {
        var set = FunctionsMapping.Map(Revision("""{"handler": "Hello.Function", "mode": "shared", "schedule": "@hourly"}"""));

        Assert.Empty(set.Services);
        var shared = Assert.Single(set.SharedServices);
        Assert.Equal(("fn", "functions-pool", "fn", "functions/hello"), (shared.Name, shared.App, shared.Service, shared.Contribution));
        Assert.Equal("fn", Assert.Single(set.Routes).Service);
        Assert.Equal(("fn", "hello"), (Assert.Single(set.Schedules).Service, set.Schedules[0].Headers["X-Strata-Function"]));
    }

    [Fact]
    public void A_pool_is_a_worker_with_no_function_route_or_functions_folder_of_its_own()
    {
        var set = FunctionsMapping.Map(Revision("""{"mode": "pool"}"""));

        var worker = Assert.Single(set.Services);
        Assert.Equal("fn", worker.Name);
        Assert.Empty(worker.Env);
        Assert.Equal("1Gi", worker.Resources!.MemoryLimit);
        Assert.Empty(set.Routes);
        Assert.Empty(set.SharedServices);
    }

    [Fact]
    public void Mapping_is_pure()
    {
        var revision = Revision("""{"handler": "Hello.Function"}""");

        var first = FunctionsMapping.Map(revision);
        var second = FunctionsMapping.Map(revision);

        // Records compare their lists by reference, so compare what they say instead.
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(second));
        Assert.Contains("FunctionHost.dll", JsonSerializer.Serialize(first));
    }

    [Fact]
    public void Revision_without_an_artifact_says_which_step_must_add_it()
    {
        var revision = Revision("""{"handler": "Hello.Function"}""") with { Artifacts = new Dictionary<string, Artifact>() };

        var error = Assert.Throws<InvalidOperationException>(() => FunctionsMapping.Map(revision));

        Assert.Contains("has no 'default' artifact", error.Message);
    }
}
