using System.Diagnostics;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;
using Xunit.Abstractions;

namespace Strata.Runtime.Local.Tests.Scaling;

public sealed class ScaleToZeroTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_idle_service_goes_to_zero_and_activation_or_a_plain_request_wakes_it()
    {
        var logs = new RecordingLoggerProvider(output);
        await using var harness = new RuntimeHarness(configure: o => o with
        {
            AutoscaleInterval = TimeSpan.FromMilliseconds(200),
            ScaleDownDelay = TimeSpan.FromSeconds(1),
        }, logs: logs);
        var workloads = RuntimeHarness.Service(s => s with { Autoscale = new AutoscaleBounds(0, 3) { TargetInFlight = 1, ScaleToZeroAfterSeconds = 1 } });
        Assert.True((await harness.ApplyAsync(1, workloads)).Succeeded);
        var uri = await harness.ServiceUriAsync();
        var pid = Assert.Single((await harness.WebStatusAsync()).Replicas).ProcessId!.Value;

        await WaitForZeroAsync(harness);

        // Status drops a replica when it starts draining (as a terminating pod); its process then exits.
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(!RuntimeHarness.IsRunning(pid)), seconds: 15, "the idle replica's process to exit");
        Assert.Equal(uri, await harness.ServiceUriAsync());

        // (a) Concurrent activations share one cold start.
        var clock = Stopwatch.StartNew();
        var activated = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.Runtime.ActivateAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()).AsTask()));
        output.WriteLine($"cold start through ActivateAsync: {clock.ElapsedMilliseconds} ms");
        Assert.All(activated, Assert.True);
        var web = await harness.WebStatusAsync();
        Assert.Equal((1, 1), (web.ReadyReplicas, web.Replicas.Count));

        // (b) A plain request to the stable address is held until a replica is ready.
        await WaitForZeroAsync(harness);
        clock.Restart();
        using var response = await harness.Http.GetAsync(new Uri(uri, "/"), RuntimeHarness.Timeout());
        output.WriteLine($"cold start through the service address: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello from revision 1", await response.Content.ReadAsStringAsync());

        // The runtime times each cold start itself: one for the activations, one for the request.
        Assert.Equal(2, logs.Messages.Count(m => m.Id.Id == 104 && m.Message.StartsWith("Cold start of service web of app tests/demo took ", StringComparison.Ordinal)));
        Assert.Equal(2, logs.Messages.Count(m => m.Id.Id == 102));
    }

    [Fact]
    public async Task A_service_without_autoscale_is_not_woken_and_an_unknown_one_is_not_activated()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        Assert.True(await harness.Runtime.ActivateAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));
        Assert.False(await harness.Runtime.ActivateAsync(RuntimeHarness.App, "nope", RuntimeHarness.Timeout()));

        await harness.Runtime.ScaleAsync(RuntimeHarness.App, "web", 0, RuntimeHarness.Timeout());
        Assert.False(await harness.Runtime.ActivateAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));
        Assert.Empty((await harness.WebStatusAsync()).Replicas);
    }

    private static Task WaitForZeroAsync(RuntimeHarness harness) =>
        RuntimeHarness.EventuallyAsync(async () => await harness.WebStatusAsync() is { DesiredReplicas: 0, Replicas.Count: 0 }, seconds: 15, "the idle service to be scaled to zero");
}
