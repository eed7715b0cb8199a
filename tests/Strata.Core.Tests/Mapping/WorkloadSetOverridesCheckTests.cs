using Strata.Core.Mapping;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Core.Tests.Mapping;

public sealed class WorkloadSetOverridesCheckTests
{
    private static readonly Artifact Artifact = new() { Command = ["app"] };

    private static ServiceWorkload Service(string name) => new() { Name = name, Artifact = Artifact };

    private static JobWorkload Job(string name) => new() { Name = name, Artifact = Artifact };

    private static readonly WorkloadSet Valid = new()
    {
        Services =
        [
            Service("web") with
            {
                Ports = [ServicePort.Http, new ServicePort("metrics", 9090)],
                Readiness = new HttpProbe("/healthz"),
                EnvFrom = ["settings"],
                Env = new Dictionary<string, string> { ["MODE"] = "x" },
            },
            Service("worker") with { Ports = [], Replicas = 0 },
        ],
        Jobs = [Job("migrate") with { Completions = 3, Parallelism = 2, EnvFrom = ["keys"], Volumes = [new VolumeMount { Volume = "data", Path = "/data" }] }],
        Routes = [new Route { Name = "web", Service = "web", PathPrefix = "/" }, new Route { Name = "metrics", Service = "web", Port = "metrics", PathPrefix = "/metrics" }],
        Config = [new ConfigSet { Name = "settings" }],
        Secrets = [new SecretSet { Name = "keys" }],
        Volumes = [new PersistentVolume { Name = "data", Size = "512Mi" }],
        Schedules = [new ScheduledRequest { Name = "nightly", Schedule = "0 3 * * *", Service = "web", Path = "/jobs/nightly?x=1", Headers = new Dictionary<string, string> { ["X-Strata-Function"] = "web" } }],
    };

    [Fact]
    public void A_valid_set_has_no_problems() => Assert.Empty(WorkloadSetOverrides.Check(Valid));

    [Fact]
    public void An_empty_set_has_no_problems() => Assert.Empty(WorkloadSetOverrides.Check(new WorkloadSet()));

    // Each case breaks one rule of Valid and nothing else, so exactly one problem is expected.
    private static WorkloadSet Web(Func<ServiceWorkload, ServiceWorkload> change) =>
        Valid with { Services = [change(Valid.Services[0]), Valid.Services[1]] };

    private static WorkloadSet Schedule(Func<ScheduledRequest, ScheduledRequest> change) => Valid with { Schedules = [change(Valid.Schedules[0])] };

    private static WorkloadSet Migrate(Func<JobWorkload, JobWorkload> change) => Valid with { Jobs = [change(Valid.Jobs[0])] };

    public static TheoryData<string, WorkloadSet, string> Broken => new()
    {
        { "bad service name", Valid with { Services = [.. Valid.Services, Service("Web_1") with { Ports = [] }] }, "services[2].name" },
        { "duplicate service", Valid with { Services = [.. Valid.Services, Service("web")] }, "services[2].name" },
        { "bad job name", Valid with { Jobs = [.. Valid.Jobs, Job("-x")] }, "jobs[1].name" },
        { "duplicate job", Valid with { Jobs = [.. Valid.Jobs, Job("migrate")] }, "jobs[1].name" },
        { "duplicate route", Valid with { Routes = [.. Valid.Routes, new Route { Name = "web", Service = "web" }] }, "routes[2].name" },
        { "bad config name", Valid with { Config = [.. Valid.Config, new ConfigSet { Name = "Settings" }] }, "config[1].name" },
        { "duplicate secret", Valid with { Secrets = [.. Valid.Secrets, new SecretSet { Name = "keys" }] }, "secrets[1].name" },
        { "route to missing service", Valid with { Routes = [new Route { Name = "r", Service = "nope" }] }, "routes[0].service" },
        { "route to missing port", Valid with { Routes = [new Route { Name = "r", Service = "web", Port = "grpc" }] }, "routes[0].port" },
        { "route to a service without ports", Valid with { Routes = [new Route { Name = "r", Service = "worker" }] }, "routes[0].port" },
        { "relative path prefix", Valid with { Routes = [new Route { Name = "r", Service = "web", PathPrefix = "api" }] }, "routes[0].pathPrefix" },
        { "negative replicas", Web(s => s with { Replicas = -1 }), "services[0].replicas" },
        { "bad volume name", Valid with { Volumes = [.. Valid.Volumes, new PersistentVolume { Name = "Data" }] }, "volumes[1].name" },
        { "duplicate volume", Valid with { Volumes = [.. Valid.Volumes, new PersistentVolume { Name = "data" }] }, "volumes[1].name" },
        { "bad volume size", Valid with { Volumes = [new PersistentVolume { Name = "data", Size = "lots" }] }, "volumes[0].size" },
        { "bad volume access", Valid with { Volumes = [new PersistentVolume { Name = "data", Access = (VolumeAccess)7 }] }, "volumes[0].access" },
        { "mount of a missing volume", Migrate(j => j with { Volumes = [new VolumeMount { Volume = "cache", Path = "/cache" }] }), "jobs[0].volumes[0].volume" },
        { "relative mount path", Web(s => s with { Volumes = [new VolumeMount { Volume = "data", Path = "data" }] }), "services[0].volumes[0].path" },
        { "mount path climbing out", Web(s => s with { Volumes = [new VolumeMount { Volume = "data", Path = "/data/../etc" }] }), "services[0].volumes[0].path" },
        { "one path mounted twice", Web(s => s with { Volumes = [new VolumeMount { Volume = "data", Path = "/data" }, new VolumeMount { Volume = "data", Path = "/data/" }] }), "services[0].volumes[1].path" },
        { "zero completions", Migrate(j => j with { Completions = 0 }), "jobs[0].completions" },
        { "zero parallelism", Migrate(j => j with { Parallelism = 0 }), "jobs[0].parallelism" },
        { "negative backoff", Migrate(j => j with { BackoffLimit = -1 }), "jobs[0].backoffLimit" },
        { "zero deadline", Migrate(j => j with { ActiveDeadlineSeconds = 0 }), "jobs[0].activeDeadlineSeconds" },
        { "port zero", Web(s => s with { Ports = [.. s.Ports, new ServicePort("admin", 0)] }), "services[0].ports[2].port" },
        { "port too high", Web(s => s with { Ports = [.. s.Ports, new ServicePort("admin", 65536)] }), "services[0].ports[2].port" },
        { "duplicate port name", Web(s => s with { Ports = [.. s.Ports, new ServicePort("http", 81)] }), "services[0].ports[2].name" },
        { "bad port name", Web(s => s with { Ports = [.. s.Ports, new ServicePort("Admin", 81)] }), "services[0].ports[2].name" },
        { "long port name", Web(s => s with { Ports = [.. s.Ports, new ServicePort("a-very-long-port-name", 81)] }), "services[0].ports[2].name" },
        { "probe on a missing port", Web(s => s with { Liveness = new HttpProbe("/live") { Port = "admin" } }), "services[0].liveness.port" },
        { "probe path", Web(s => s with { Readiness = new HttpProbe("healthz") }), "services[0].readiness.path" },
        { "autoscale min above max", Web(s => s with { Autoscale = new AutoscaleBounds(4, 2) }), "services[0].autoscale.max" },
        { "autoscale negative min", Web(s => s with { Autoscale = new AutoscaleBounds(-1, 2) }), "services[0].autoscale.min" },
        { "autoscale target", Web(s => s with { Autoscale = new AutoscaleBounds(0, 2) { TargetInFlight = 0 } }), "services[0].autoscale.targetInFlight" },
        { "bad env name", Migrate(j => j with { Env = new Dictionary<string, string> { ["MY-VAR"] = "1" } }), "jobs[0].env.MY-VAR" },
        { "missing env set", Web(s => s with { EnvFrom = ["nope"] }), "services[0].envFrom[0]" },
        { "duplicate schedule", Valid with { Schedules = [.. Valid.Schedules, Valid.Schedules[0]] }, "schedules[1].name" },
        { "schedule without cron", Schedule(s => s with { Schedule = " " }), "schedules[0].schedule" },
        { "schedule to missing service", Schedule(s => s with { Service = "nope" }), "schedules[0].service" },
        { "schedule to a service without ports", Schedule(s => s with { Service = "worker" }), "schedules[0].port" },
        { "relative schedule path", Schedule(s => s with { Path = "jobs" }), "schedules[0].path" },
        { "lower-case method", Schedule(s => s with { Method = "post" }), "schedules[0].method" },
        { "zero schedule timeout", Schedule(s => s with { TimeoutSeconds = 0 }), "schedules[0].timeoutSeconds" },
        { "bad header name", Schedule(s => s with { Headers = new Dictionary<string, string> { ["X A"] = "1" } }), "schedules[0].headers.X A" },
        { "shared service named like an own one", Valid with { SharedServices = [new SharedService { Name = "web", App = "pool", Service = "fn" }] }, "sharedServices[0].name" },
        { "shared service of a bad app name", Valid with { SharedServices = [new SharedService { Name = "fn", App = "Pool", Service = "fn" }] }, "sharedServices[0].app" },
        { "contribution outside the artifact", Valid with { SharedServices = [new SharedService { Name = "fn", App = "pool", Service = "fn", Contribution = "../x" }] }, "sharedServices[0].contribution" },
        { "duplicate shared service", Valid with { SharedServices = [new SharedService { Name = "fn", App = "pool", Service = "fn" }, new SharedService { Name = "fn", App = "p2", Service = "fn" }] }, "sharedServices[1].name" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Catches_each_rule(string rule, WorkloadSet set, string path)
    {
        var problems = WorkloadSetOverrides.Check(set);

        var problem = Assert.Single(problems);
        Assert.True(path == problem.Path, $"{rule}: expected a problem at {path}, got {problem}");
    }

    [Fact]
    public void Routes_and_schedules_may_name_a_shared_service()
    {
        var set = new WorkloadSet
        {
            SharedServices = [new SharedService { Name = "fn", App = "functions-pool", Service = "fn", Contribution = "functions/hello" }],
            Routes = [new Route { Name = "http", Service = "fn" }],
            Schedules = [new ScheduledRequest { Name = "timer", Schedule = "@hourly", Service = "fn" }],
        };

        Assert.Empty(WorkloadSetOverrides.Check(set));
    }

    [Fact]
    public void Reports_every_problem_at_once_with_clear_messages()
    {
        var set = new WorkloadSet
        {
            Services = [Service("web"), Service("web") with { Replicas = -2 }],
            Jobs = [Job("j") with { Completions = 0, Parallelism = 0 }],
            Routes = [new Route { Name = "r", Service = "api", PathPrefix = "x" }],
        };

        var problems = WorkloadSetOverrides.Check(set);

        Assert.Equal(
            [
                new ValidationProblem("services[1].name", "'web' is already the name of services[0]; names must be unique within services"),
                new ValidationProblem("services[1].replicas", "replicas must be 0 or more, got -2"),
                new ValidationProblem("jobs[0].completions", "completions must be 1 or more, got 0"),
                new ValidationProblem("jobs[0].parallelism", "parallelism must be 1 or more, got 0"),
                new ValidationProblem("routes[0].pathPrefix", "the path prefix must start with '/', got 'x'"),
                new ValidationProblem("routes[0].service", "there is no service named 'api'; expected one of 'web'"),
            ],
            problems);
    }

    [Fact]
    public void Null_entries_from_a_careless_vertical_are_problems_not_crashes()
    {
        var set = new WorkloadSet { Services = [null!], Jobs = [Job(null!)] };

        var problems = WorkloadSetOverrides.Check(set);

        Assert.Equal(["services[0].name", "jobs[0].name"], problems.Select(p => p.Path));
    }
}
