using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;
using Xunit.Abstractions;

namespace Strata.Runtime.Local.Tests.Networking;

/// <summary>
/// Replicas accept their service's connections themselves from the stable address's socket once ready:
/// the replica then sees the caller's own port, not the load balancer's. The fixture does not reference
/// Strata.Hosting: the runtime's startup hook brings it in. Real processes, real sockets, loopback only.
/// </summary>
public sealed class SharedListenerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_ready_replica_accepts_the_services_connections_itself_and_one_that_declines_is_proxied()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var uri = await harness.ServiceUriAsync();
        await RuntimeHarness.EventuallyAsync(async () => await PeerAsync(uri) is { Direct: true }, seconds: 15, "a connection accepted by the replica itself");

        // A service that turns it down is served through the load balancer, as an app that is not ASP.NET Core is.
        Assert.True((await harness.ApplyAsync(2, RuntimeHarness.Web(new Dictionary<string, string> { ["STRATA_SHARE_LISTENER"] = "false" }))).Succeeded);
        await RuntimeHarness.EventuallyAsync(async () => (await harness.GetAsync("/")).EndsWith("revision 2", StringComparison.Ordinal), seconds: 15, "revision 2 serving");
        for (var i = 0; i < 5; i++)
        {
            Assert.False((await PeerAsync(uri)).Direct);
        }
    }

    [Fact]
    public async Task Without_sharing_every_connection_goes_through_the_load_balancer()
    {
        await using var harness = new RuntimeHarness(configure: o => o with { ShareListeners = false });
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var uri = await harness.ServiceUriAsync();
        Assert.False(File.Exists(Path.Combine(harness.DataDirectory, "listeners.sock")));
        for (var i = 0; i < 5; i++)
        {
            Assert.False((await PeerAsync(uri)).Direct);
        }
    }

    [Fact]
    public async Task A_rolling_update_and_a_scale_down_through_the_services_address_fail_no_request()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web(replicas: 2))).Succeeded);
        var uri = await harness.ServiceUriAsync();
        await RuntimeHarness.EventuallyAsync(async () => await PeerAsync(uri) is { Direct: true }, seconds: 15, "connections accepted by the replicas");

        // Pooled keep-alive clients and a fresh connection per request, as callers have both.
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var answers = new ConcurrentDictionary<string, int>();
        using var pooled = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };
        var load = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var requests = 0;
            while (!stop.IsCancellationRequested && requests++ < 20_000)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, "/"));
                    request.Headers.ConnectionClose = i % 2 == 0;
                    using var response = await pooled.SendAsync(request, RuntimeHarness.Timeout());
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {body}");
                    }

                    answers.AddOrUpdate(body, 1, (_, n) => n + 1);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        })).ToList();

        await Task.Delay(1000);
        Assert.True((await harness.ApplyAsync(2, RuntimeHarness.Web(new Dictionary<string, string> { ["GREETING"] = "hi" }, replicas: 2))).Succeeded);
        await Task.Delay(1000);
        await harness.Runtime.ScaleAsync(RuntimeHarness.App, "web", 1, RuntimeHarness.Timeout());
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        output.WriteLine(string.Join(", ", answers.Select(a => $"{a.Key}: {a.Value}")));
        Assert.Empty(failures);
        Assert.True(answers.GetValueOrDefault("hi from revision 2") > 0, "revision 2 served");
        Assert.Single((await harness.WebStatusAsync()).Replicas);
        Assert.True((await PeerAsync(uri)).Direct);
    }

    [Fact]
    public async Task Requests_a_replica_accepts_itself_keep_an_autoscaled_service_from_idling_to_zero_and_probes_do_not()
    {
        await using var harness = new RuntimeHarness(configure: o => o with
        {
            AutoscaleInterval = TimeSpan.FromMilliseconds(200),
            ScaleDownDelay = TimeSpan.FromSeconds(1),
        });
        // Probes every second and a liveness probe: requests to the replica's own port are not traffic.
        var workloads = RuntimeHarness.Service(s => s with
        {
            Autoscale = new AutoscaleBounds(0, 2) { TargetInFlight = 1000, ScaleToZeroAfterSeconds = 1 },
            Readiness = new HttpProbe("/healthz") { PeriodSeconds = 1 },
            Liveness = new HttpProbe("/live") { PeriodSeconds = 1 },
        });
        Assert.True((await harness.ApplyAsync(1, workloads)).Succeeded);
        var uri = await harness.ServiceUriAsync();
        await RuntimeHarness.EventuallyAsync(async () => await PeerAsync(uri) is { Direct: true }, seconds: 15, "connections accepted by the replica");
        var pid = Assert.Single((await harness.WebStatusAsync()).Replicas).ProcessId;

        // Three idle periods' worth of requests the load balancer never sees: the replica's reports keep it.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var until = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < until)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(uri, "/"), RuntimeHarness.Timeout())).StatusCode);
            await Task.Delay(100);
        }

        Assert.Equal(pid, Assert.Single((await harness.WebStatusAsync()).Replicas).ProcessId);

        // Once quiet it goes to zero, and the stable address wakes it again.
        await RuntimeHarness.EventuallyAsync(async () => (await harness.WebStatusAsync()).Replicas.Count == 0, seconds: 20, "scaled to zero once idle");
        Assert.Equal("hello from revision 1", await client.GetStringAsync(new Uri(uri, "/"), RuntimeHarness.Timeout()));
    }

    // GET /peer on a fresh connection: the fixture answers the remote port it sees and its pid.
    private static async Task<(bool Direct, int Pid)> PeerAsync(Uri service)
    {
        var ownPort = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                ownPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var body = (await client.GetStringAsync(new Uri(service, "/peer"), RuntimeHarness.Timeout(10))).Split(' ');
        return (int.Parse(body[0], CultureInfo.InvariantCulture) == ownPort, int.Parse(body[1], CultureInfo.InvariantCulture));
    }
}
