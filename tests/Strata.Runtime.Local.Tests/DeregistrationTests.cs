using System.Diagnostics;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests;

/// <summary>
/// A replica taken out of traffic is sent SIGTERM only once the registered routers (the gateway)
/// confirm they no longer route to it — or after the deregistration timeout, or when a router fails.
/// </summary>
public sealed class DeregistrationTests
{
    [Fact]
    public async Task A_rolled_out_replica_keeps_serving_until_the_router_confirms_and_is_stopped_then()
    {
        await using var harness = new RuntimeHarness(configure: o => o with { DeregistrationTimeout = TimeSpan.FromSeconds(60) });
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var old = Assert.Single((await harness.WebStatusAsync()).Replicas);
        var router = new HeldRouter();
        using var registration = harness.Runtime.AddRouter(router);

        var rollout = harness.ApplyAsync(2, RuntimeHarness.Web());
        var asked = await router.Asked.WaitAsync(TimeSpan.FromSeconds(60));

        // Out of traffic: the status the gateway routes by no longer calls it ready...
        Assert.Equal([old.Endpoint!], asked);
        var draining = Assert.Single((await harness.WebStatusAsync()).Replicas, r => r.Id == old.Id);
        Assert.Equal(ReplicaState.Terminating, draining.State);
        Assert.Equal("draining", draining.Message);

        // ...but not stopped: a request already on its way is still served, for as long as the router has not confirmed.
        await Task.Delay(500);
        Assert.False(rollout.IsCompleted);
        Assert.True(RuntimeHarness.IsRunning(old.ProcessId!.Value));
        Assert.Equal("hello from revision 1", await harness.Http.GetStringAsync(new Uri(old.Endpoint!, "/"), RuntimeHarness.Timeout()));

        router.Confirm();
        Assert.True((await rollout.WaitAsync(TimeSpan.FromSeconds(60))).Succeeded);
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(!RuntimeHarness.IsRunning(old.ProcessId.Value)), seconds: 20, "the old replica to exit");
        Assert.Equal("hello from revision 2", await harness.GetAsync("/"));
    }

    [Fact]
    public async Task A_router_that_never_confirms_holds_a_scale_down_only_for_the_deregistration_timeout()
    {
        await using var harness = new RuntimeHarness(configure: o => o with { DeregistrationTimeout = TimeSpan.FromSeconds(1) });
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web(replicas: 2))).Succeeded);
        var router = new HeldRouter();
        using var registration = harness.Runtime.AddRouter(router);

        var stopwatch = Stopwatch.StartNew();
        await harness.Runtime.ScaleAsync(RuntimeHarness.App, "web", 1, RuntimeHarness.Timeout(60));
        stopwatch.Stop();

        Assert.True(router.Asked.IsCompleted);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), $"the scale-down took {stopwatch.Elapsed}, shorter than the deregistration timeout");
        Assert.True(router.WasCancelled, "the router's wait was not cancelled at the timeout");
        await RuntimeHarness.EventuallyAsync(async () => (await harness.WebStatusAsync()).Replicas.Count == 1, seconds: 20, "one replica left");
    }

    [Fact]
    public async Task A_failing_router_does_not_keep_replicas_running_and_a_removed_one_is_not_asked()
    {
        await using var harness = new RuntimeHarness(configure: o => o with { DeregistrationTimeout = TimeSpan.FromSeconds(60) });
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web(replicas: 3))).Succeeded);
        var removed = new HeldRouter();
        harness.Runtime.AddRouter(removed).Dispose();
        using var failing = harness.Runtime.AddRouter(new FailingRouter());

        await harness.Runtime.ScaleAsync(RuntimeHarness.App, "web", 1, RuntimeHarness.Timeout(30));

        Assert.False(removed.Asked.IsCompleted);
        await RuntimeHarness.EventuallyAsync(async () => (await harness.WebStatusAsync()).Replicas.Count == 1, seconds: 20, "one replica left");
        Assert.Equal("hello from revision 1", await harness.GetAsync("/"));
    }

    // Records what it is asked and confirms when the test says so.
    private sealed class HeldRouter : IReplicaRouter
    {
        private readonly TaskCompletionSource<IReadOnlyCollection<Uri>> _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _confirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyCollection<Uri>> Asked => _asked.Task;

        public bool WasCancelled { get; private set; }

        public void Confirm() => _confirmed.TrySetResult();

        public async Task WaitUntilUnroutedAsync(IReadOnlyCollection<Uri> endpoints, CancellationToken cancellationToken)
        {
            _asked.TrySetResult([.. endpoints]);
            try
            {
                await _confirmed.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WasCancelled = true;
                throw;
            }
        }
    }

    private sealed class FailingRouter : IReplicaRouter
    {
        public Task WaitUntilUnroutedAsync(IReadOnlyCollection<Uri> endpoints, CancellationToken cancellationToken) =>
            Task.FromException(new InvalidOperationException("the gateway is broken"));
    }
}
