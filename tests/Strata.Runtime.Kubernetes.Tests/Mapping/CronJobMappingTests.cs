using k8s.Models;
using Strata.Core;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Mapping;

public sealed class CronJobMappingTests
{
    private static (AppRevision Revision, WorkloadSet Set) Timer(string cron = "*/5 * * * *", Func<ScheduledRequest, ScheduledRequest>? shape = null)
    {
        var (revision, set) = Inputs.Functions();
        var schedule = new ScheduledRequest { Name = "timer", Schedule = cron, Service = "fn", Path = "/" };
        return (revision, set with { Schedules = [shape?.Invoke(schedule) ?? schedule] });
    }

    private static V1CronJob Single((AppRevision Revision, WorkloadSet Set) input, KubernetesMappingOptions? options = null) =>
        Assert.Single(KubernetesMapper.Map(input.Revision, input.Set, options ?? Inputs.Options).OfType<V1CronJob>());

    [Fact]
    public void The_cronjob_calls_the_services_cluster_dns_name_with_the_schedule_header()
    {
        var cronJob = Single(Timer(shape: s => s with { Headers = new Dictionary<string, string> { ["X-Strata-Function"] = "hello-function" } }));

        var container = Assert.Single(cronJob.Spec.JobTemplate.Spec.Template.Spec.Containers);
        Assert.Equal(["curl"], container.Command);
        Assert.Equal("http://hello-function-fn.strata-functions.svc.cluster.local:8080/", container.Args[^1]);
        Assert.Contains("X-Strata-Schedule: timer", container.Args);
        Assert.Contains("X-Strata-Function: hello-function", container.Args);
        Assert.Equal(("*/5 * * * *", "Etc/UTC", "Forbid"), (cronJob.Spec.Schedule, cronJob.Spec.TimeZone, cronJob.Spec.ConcurrencyPolicy));
        Assert.Equal("hello-function-timer", cronJob.Metadata.Name);
    }

    [Fact]
    public void The_caller_image_is_configurable()
    {
        var cronJob = Single(Timer(), Inputs.Options with { ScheduleCallerImage = "registry.example.com/tools/curl@sha256:abc" });

        Assert.Equal("registry.example.com/tools/curl@sha256:abc", cronJob.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void Its_pods_are_never_selected_by_the_services_selector()
    {
        var (revision, set) = Timer();
        var objects = KubernetesMapper.Map(revision, set, Inputs.Options);
        var selector = objects.OfType<V1Service>().Single().Spec.Selector;
        var podLabels = objects.OfType<V1CronJob>().Single().Spec.JobTemplate.Spec.Template.Metadata.Labels;

        Assert.False(selector.All(pair => podLabels.TryGetValue(pair.Key, out var value) && value == pair.Value));
    }

    [Theory]
    [InlineData("@hourly", "@hourly")]
    [InlineData("@every_minute", "* * * * *")]
    [InlineData(" 0  3 * * 1-5 ", "0 3 * * 1-5")]
    public void Five_fields_and_kubernetes_macros_are_taken(string cron, string expected) =>
        Assert.Equal(expected, Single(Timer(cron)).Spec.Schedule);

    [Theory]
    [InlineData("* * * * * *", "seconds field")]
    [InlineData("@every_second", "not a schedule a CronJob takes")]
    [InlineData("0 0 L * *", "L, W or #")]
    [InlineData("61 * * * *", "not a valid cron expression")]
    [InlineData("hourly", "not a cron expression")]
    public void What_a_cronjob_cannot_do_is_refused_with_the_path(string cron, string reason)
    {
        var (revision, set) = Timer(cron);

        var error = Assert.Throws<StrataException>(() => KubernetesMapper.Map(revision, set, Inputs.Options));

        Assert.Equal("schedules[0].schedule", error.Path);
        Assert.Contains("Schedule 'timer' of app 'hello-function'", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_schedule_named_like_a_service_is_refused()
    {
        var (revision, set) = Timer(shape: s => s with { Name = "fn" });

        Assert.Equal("schedules[0].name", Assert.Throws<StrataException>(() => KubernetesMapper.Map(revision, set, Inputs.Options)).Path);
    }

    [Fact]
    public void Shared_services_are_refused_with_their_path_until_a_cluster_can_deliver_contributions()
    {
        var (revision, set) = Inputs.Functions();
        set = set with
        {
            Services = [],
            SharedServices = [new SharedService { Name = "fn", App = "functions-pool", Service = "fn", Contribution = "functions/hello-function" }],
        };

        var error = Assert.Throws<StrataException>(() => KubernetesMapper.Map(revision, set, Inputs.Options));

        Assert.Equal("sharedServices[0]", error.Path);
        Assert.Contains("uses service 'fn' of app 'functions-pool'", error.Message);
        Assert.Contains("local runtime", error.Message);
    }
}
