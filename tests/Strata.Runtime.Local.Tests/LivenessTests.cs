using Strata.Core.Runtime;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests;

public sealed class LivenessTests
{
    [Fact]
    public async Task A_replica_failing_liveness_is_killed_restarted_and_serves_again()
    {
        await using var harness = new RuntimeHarness();
        var workloads = RuntimeHarness.Service(s => s with
        {
            Readiness = new HttpProbe("/healthz") { PeriodSeconds = 1 },
            Liveness = new HttpProbe("/live") { PeriodSeconds = 1, FailureThreshold = 2 },
        });
        Assert.True((await harness.ApplyAsync(1, workloads)).Succeeded);
        var pid = Assert.Single((await harness.WebStatusAsync()).Replicas).ProcessId!.Value;

        // A passing liveness probe leaves the replica alone.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal((0, pid), Assert.Single((await harness.WebStatusAsync()).Replicas) is var same ? (same.Restarts, same.ProcessId) : default);

        using (var response = await harness.Http.PostAsync(new Uri(await harness.ServiceUriAsync(), "/unlive"), null, RuntimeHarness.Timeout()))
        {
            response.EnsureSuccessStatusCode();
        }

        string? why = null;
        ReplicaStatus? back = null;
        await RuntimeHarness.EventuallyAsync(async () =>
        {
            back = Assert.Single((await harness.WebStatusAsync()).Replicas);
            if (back.Message?.Contains("liveness", StringComparison.Ordinal) == true)
            {
                why = back.Message;
            }

            return back is { State: ReplicaState.Ready, Restarts: >= 1 } && back.ProcessId != pid;
        }, seconds: 20, "the replica to be killed for failing liveness and to be ready again");

        Assert.Equal("killed: liveness probe failed 2 times in a row: GET /live answered 503", why);
        Assert.False(RuntimeHarness.IsRunning(pid));
        Assert.Equal(back!.ProcessId.ToString(), await harness.GetAsync("/pid"));
    }
}
