using k8s.Models;
using Strata.Runtime.Kubernetes.Cluster;

namespace Strata.Runtime.Kubernetes.Tests.Cluster;

/// <summary>When a Deployment counts as available and a Job as done: model only, no I/O.</summary>
public sealed class RolloutStateTests
{
    [Theory]
    [InlineData(2, 2, 2, 2, 2, "True", null, true, false)]
    [InlineData(2, 1, 2, 2, 2, "True", null, false, false)] // the controller has not seen generation 2
    [InlineData(2, 2, 1, 2, 2, "True", null, false, false)] // one replica of the old template left to update
    [InlineData(2, 2, 2, 1, 2, "True", null, false, false)] // one new replica not yet available
    [InlineData(2, 2, 2, 2, 3, "True", null, false, false)] // an old replica still terminating
    [InlineData(2, 2, 2, 2, 2, "False", null, false, false)]
    [InlineData(2, 2, 2, 0, 2, "False", "ProgressDeadlineExceeded", false, true)]
    public void Deployment(long generation, long observed, int updated, int available, int total, string availableCondition, string? progressingReason, bool done, bool failed)
    {
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", Generation = generation },
            Spec = new V1DeploymentSpec { Replicas = 2 },
            Status = new V1DeploymentStatus
            {
                ObservedGeneration = observed, UpdatedReplicas = updated, AvailableReplicas = available, Replicas = total,
                Conditions =
                [
                    new V1DeploymentCondition { Type = "Available", Status = availableCondition, Reason = "MinimumReplicasUnavailable" },
                    new V1DeploymentCondition { Type = "Progressing", Status = progressingReason is null ? "True" : "False", Reason = progressingReason ?? "ReplicaSetUpdated" },
                ],
            },
        };

        var state = RolloutState.Of(deployment);

        Assert.Equal((done, failed), (state.Done, state.Failed));
        Assert.Contains($"Available={availableCondition} (MinimumReplicasUnavailable)", state.Summary, StringComparison.Ordinal);
        Assert.Contains($"{available}/2 available, {updated}/2 updated", state.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_without_status_is_not_done()
    {
        var state = RolloutState.Of(new V1Deployment { Metadata = new V1ObjectMeta { Name = "web", Generation = 1 }, Spec = new V1DeploymentSpec() });

        Assert.False(state.Done);
        Assert.Equal("0/1 available, 0/1 updated, generation 1 not yet observed", state.Summary);
    }

    [Theory]
    [InlineData("Complete", true, false)]
    [InlineData("Failed", false, true)]
    [InlineData(null, false, false)]
    public void Job(string? condition, bool done, bool failed)
    {
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "migrate" },
            Status = new V1JobStatus
            {
                Conditions = condition is null ? null : [new V1JobCondition { Type = condition, Status = "True", Reason = "R", Message = "M" }],
            },
        };

        var state = RolloutState.Of(job);

        Assert.Equal((done, failed), (state.Done, state.Failed));
    }

    [Theory]
    [InlineData(3, "3s")]
    [InlineData(90, "1m30s")]
    [InlineData(120, "2m")]
    public void Durations_read_as_people_write_them(int seconds, string text) =>
        Assert.Equal(text, RolloutWaiter.Format(TimeSpan.FromSeconds(seconds)));
}
