using k8s.Models;
using Strata.Core.Runtime;

namespace Strata.Runtime.Kubernetes.Tests.Runtime;

/// <summary>Reading an app's status off its live objects, and the kubelet's log lines: model-only.</summary>
public sealed class ClusterStatusTests
{
    private static readonly AppRef App = new("functions", "hello");

    private static V1ObjectMeta Meta(string name, string component, int revision) => new()
    {
        Name = name,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/component"] = component, ["strata.dev/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    private static V1Job Job(string component, bool suspend = false, params V1JobCondition[] conditions) => new()
    {
        Metadata = Meta($"hello-{component}-r2", component, 2),
        Spec = new V1JobSpec { Completions = 3, Suspend = suspend, Template = new V1PodTemplateSpec() },
        Status = new V1JobStatus { Succeeded = 1, Failed = 2, Active = 0, Conditions = conditions },
    };

    [Theory]
    [InlineData("Complete", "Succeeded", false)]
    [InlineData("Failed", "Failed", false)]
    [InlineData(null, "Cancelled", true)]
    [InlineData(null, "Running", false)]
    public void A_jobs_state_comes_from_its_conditions_and_a_suspended_job_reads_cancelled(string? condition, string state, bool suspend)
    {
        var conditions = condition is null ? [] : new[] { new V1JobCondition { Type = condition, Status = "True", Reason = "BackoffLimitExceeded", Message = "limit" } };

        var status = ClusterStatus.Of(App, [], [Job("migrate", suspend, conditions)], [], _ => null);

        var job = Assert.Single(status.Jobs);
        Assert.Equal(("migrate", 3, 1, 2, state), (job.Name, job.Completions, job.Succeeded, job.Failed, job.State));
        Assert.Equal(state == "Failed" ? "BackoffLimitExceeded: limit" : null, job.Message);
        Assert.Equal(2, status.Revision);
    }

    [Fact]
    public void Replicas_are_the_services_pods_with_their_state_and_why_they_are_not_ready()
    {
        var deployment = new V1Deployment { Metadata = Meta("hello-fn", "fn", 3), Spec = new V1DeploymentSpec { Replicas = 2 }, Status = new V1DeploymentStatus { ReadyReplicas = 1 } };
        var ready = new V1Pod
        {
            Metadata = Meta("hello-fn-a", "fn", 3),
            Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] },
        };
        var crashing = new V1Pod
        {
            Metadata = Meta("hello-fn-b", "fn", 3),
            Status = new V1PodStatus
            {
                Phase = "Running",
                ContainerStatuses = [new V1ContainerStatus { Name = "fn", RestartCount = 4, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = "back-off 40s" } } }],
            },
        };

        var status = ClusterStatus.Of(App, [deployment], [], [crashing, ready], _ => new Uri("http://hello-fn.strata-functions.svc.cluster.local:8080"));

        var service = Assert.Single(status.Services);
        Assert.Equal((2, 1), (service.DesiredReplicas, service.ReadyReplicas));
        Assert.Equal(
            [("hello-fn-a", ReplicaState.Ready, 0, (string?)null), ("hello-fn-b", ReplicaState.Unready, 4, "CrashLoopBackOff: back-off 40s")],
            service.Replicas.Select(r => (r.Id, r.State, r.Restarts, r.Message)));
        Assert.Equal(3, status.Revision);
    }

    [Fact]
    public void Nothing_on_the_cluster_is_not_running()
    {
        Assert.Equal(AppRuntimeStatus.NotRunning(App), ClusterStatus.Of(App, [], [], [], _ => null) with { Services = [], Jobs = [] });
        Assert.Null(ClusterStatus.Of(App, [], [], [], _ => null).Revision);
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00.123456789Z hello world", "hello world", 2024)]
    [InlineData("2024-05-01T10:00:00Z x", "x", 2024)]
    [InlineData("no timestamp here", "no timestamp here", 0)]
    public void Kubelet_log_lines_carry_their_timestamp(string line, string text, int year)
    {
        var entry = PodLogs.Parse("hello-fn-a", line);

        Assert.Equal(("hello-fn-a", "stdout", text), (entry.Source, entry.Stream, entry.Line));
        if (year > 0)
        {
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), entry.Timestamp.AddTicks(-(entry.Timestamp.Ticks % TimeSpan.TicksPerSecond)));
        }
    }
}
