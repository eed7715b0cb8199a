using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Scaling;

public sealed class AutoscaleTests
{
    private static RuntimeHarness NewHarness() => new(configure: o => o with
    {
        AutoscaleInterval = TimeSpan.FromMilliseconds(250),
        ScaleDownDelay = TimeSpan.FromSeconds(2),
    });

    private static WorkloadSet Autoscaled(int min, int max) =>
        RuntimeHarness.Service(s => s with { Autoscale = new AutoscaleBounds(min, max) { TargetInFlight = 1 } });

    [Fact]
    public async Task Slow_requests_through_the_service_address_add_replicas_that_go_again_when_the_load_stops()
    {
        await using var harness = NewHarness();
        Assert.True((await harness.ApplyAsync(1, Autoscaled(1, 3))).Succeeded);
        Assert.Equal(1, (await harness.WebStatusAsync()).DesiredReplicas);
        var uri = new Uri(await harness.ServiceUriAsync(), "/slow?ms=1000");

        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await harness.Http.GetAsync(uri, RuntimeHarness.Timeout());
                response.EnsureSuccessStatusCode();
            }
        })).ToList();

        await RuntimeHarness.EventuallyAsync(async () => (await harness.WebStatusAsync()).ReadyReplicas >= 2, seconds: 20, "a second ready replica under load");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        await RuntimeHarness.EventuallyAsync(async () => await harness.WebStatusAsync() is { DesiredReplicas: 1, Replicas.Count: 1 }, seconds: 20, "back to one replica after the load");
    }

    [Fact]
    public async Task Requests_the_gateway_reports_feed_the_autoscaler_and_manual_scaling_stays_in_bounds()
    {
        await using var harness = NewHarness();
        Assert.True((await harness.ApplyAsync(1, Autoscaled(1, 3))).Succeeded);

        var requests = Enumerable.Range(0, 3).Select(_ => harness.Runtime.BeginRequest(RuntimeHarness.App, "web")).ToList();
        await RuntimeHarness.EventuallyAsync(async () => await harness.WebStatusAsync() is { DesiredReplicas: 3, ReadyReplicas: 3 }, seconds: 25, "three ready replicas for three requests in flight");
        requests.ForEach(r => r.Dispose());
        await RuntimeHarness.EventuallyAsync(async () => await harness.WebStatusAsync() is { DesiredReplicas: 1, Replicas.Count: 1 }, seconds: 20, "back to one replica once the requests ended");

        // Below the minimum is not allowed by hand either (above the maximum is the model tests' job:
        // without load the autoscaler may take the count down again before this could look).
        await harness.Runtime.ScaleAsync(RuntimeHarness.App, "web", 0, RuntimeHarness.Timeout());
        Assert.True(await harness.WebStatusAsync() is { DesiredReplicas: 1, Replicas.Count: 1 });

        // Requests for something that does not run are not counted anywhere, and do not throw.
        harness.Runtime.BeginRequest(RuntimeHarness.App, "nope").Dispose();
    }
}
