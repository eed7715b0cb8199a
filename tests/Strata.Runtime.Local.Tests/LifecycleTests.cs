using System.Diagnostics;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task A_killed_replica_is_restarted_and_serves_again()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var pid = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas).ProcessId!.Value;

        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        ReplicaStatus? back = null;
        await RuntimeHarness.EventuallyAsync(async () =>
        {
            back = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas);
            return back is { State: ReplicaState.Ready, Restarts: >= 1 } && back.ProcessId != pid;
        }, seconds: 20, "the replica to be restarted and ready");

        Assert.Equal("hello from revision 1", await harness.GetAsync("/"));
        Assert.Equal(back!.ProcessId.ToString(), await harness.GetAsync("/pid"));
    }

    [Fact]
    public async Task Delete_stops_the_processes_and_releases_the_port()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web(replicas: 2))).Succeeded);
        var uri = await harness.ServiceUriAsync();
        var pids = Assert.Single((await harness.StatusAsync()).Services).Replicas.Select(r => r.ProcessId!.Value).ToList();
        Assert.Equal(2, pids.Count);

        await harness.Runtime.DeleteAppAsync(RuntimeHarness.App, RuntimeHarness.Timeout());

        Assert.False(await RuntimeHarness.AcceptsConnectionsAsync(uri));
        Assert.All(pids, pid => Assert.False(RuntimeHarness.IsRunning(pid), $"process {pid} still runs"));
        Assert.Empty((await harness.StatusAsync()).Services);
        Assert.Null((await harness.StatusAsync()).Revision);
        Assert.Empty(Directory.GetFiles(Path.Combine(harness.DataDirectory, "pids")));
    }

    [Fact]
    public async Task Scaling_adds_replicas_that_share_the_traffic_and_removes_them_again()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);

        await harness.Runtime.ScaleAsync(RuntimeHarness.App, "web", 2, RuntimeHarness.Timeout());

        var web = Assert.Single((await harness.StatusAsync()).Services);
        Assert.Equal((2, 2), (web.DesiredReplicas, web.ReadyReplicas));
        var pids = web.Replicas.Select(r => r.ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Equal(2, pids.Count);
        var seen = new HashSet<string>();
        for (var i = 0; i < 20 && seen.Count < 2; i++)
        {
            // The load balancer spreads connections, not requests: each request gets its own connection.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(await harness.ServiceUriAsync(), "/pid")) { Headers = { ConnectionClose = true } };
            using var response = await harness.Http.SendAsync(request, RuntimeHarness.Timeout());
            seen.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(pids, seen);

        await harness.Runtime.ScaleAsync(RuntimeHarness.App, "web", 1, RuntimeHarness.Timeout());

        web = Assert.Single((await harness.StatusAsync()).Services);
        var kept = Assert.Single(web.Replicas);
        Assert.Equal(1, web.DesiredReplicas);
        Assert.Single(pids, p => !RuntimeHarness.IsRunning(int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(kept.ProcessId.ToString(), await harness.GetAsync("/pid"));
    }

    [Fact]
    public async Task A_replica_failing_its_readiness_probe_gets_no_traffic()
    {
        await using var harness = new RuntimeHarness();
        var probe = new HttpProbe("/healthz") { PeriodSeconds = 1, FailureThreshold = 1 };
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web(replicas: 2, readiness: probe))).Succeeded);
        var replicas = Assert.Single((await harness.StatusAsync()).Services).Replicas;
        var (sick, healthy) = (replicas[0], replicas[1]);

        using (var response = await harness.Http.PostAsync(new Uri(sick.Endpoint!, "/unready"), null, RuntimeHarness.Timeout()))
        {
            response.EnsureSuccessStatusCode();
        }

        await RuntimeHarness.EventuallyAsync(async () =>
        {
            var web = Assert.Single((await harness.StatusAsync()).Services);
            return web.ReadyReplicas == 1 && web.Replicas.Single(r => r.Id == sick.Id).State == ReplicaState.Unready;
        }, seconds: 10, "the replica to be marked unready");

        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(await harness.ServiceUriAsync(), "/pid")) { Headers = { ConnectionClose = true } };
            using var response = await harness.Http.SendAsync(request, RuntimeHarness.Timeout());
            Assert.Equal(healthy.ProcessId.ToString(), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Scaling_an_unknown_service_says_which_services_there_are()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);

        var error = await Assert.ThrowsAsync<Core.StrataException>(() => harness.Runtime.ScaleAsync(RuntimeHarness.App, "nope", 2, RuntimeHarness.Timeout()));

        Assert.Contains("its services: web", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_yields_the_current_status_then_each_change()
    {
        await using var harness = new RuntimeHarness();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = harness.Runtime.WatchAsync(RuntimeHarness.App, stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Null(watch.Current.Revision);

        var apply = harness.ApplyAsync(1, RuntimeHarness.Web());
        var states = new List<ReplicaState>();
        while (await watch.MoveNextAsync())
        {
            states.AddRange(watch.Current.Services.SelectMany(s => s.Replicas).Select(r => r.State));
            if (watch.Current is { Revision: 1, Services: [{ ReadyReplicas: 1 }] })
            {
                break;
            }
        }

        Assert.True((await apply).Succeeded);
        Assert.Contains(ReplicaState.Starting, states);
        Assert.Contains(ReplicaState.Ready, states);
    }
}
