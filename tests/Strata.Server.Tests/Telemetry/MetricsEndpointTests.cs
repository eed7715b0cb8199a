using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Strata.Server.Gateway;
using Strata.Server.Tests.Gateway;
using Strata.Testing;
using Yarp.ReverseProxy;

namespace Strata.Server.Tests.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint of a real host: deploys, build steps, apps, ready replicas and the
/// gateway's requests show with their labels and the right values. Counters are compared before and
/// after; the host is the only one in the process while these tests run (<see cref="TelemetryCollection"/>).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests : IDisposable
{
    private const int Requests = 7;
    private const int Missing = 3;
    private readonly TempDirectory _root = new("strata-telemetry");

    [Theory]
    [InlineData(GatewayMode.InProcess, true, GatewayMetricsPath.Fast, true)]
    [InlineData(GatewayMode.InProcess, false, GatewayMetricsPath.Yarp, true)]
    [InlineData(GatewayMode.InProcess, true, GatewayMetricsPath.Fast, false)]
    [InlineData(GatewayMode.InProcess, false, GatewayMetricsPath.Yarp, false)]
    public async Task Deploy_and_gateway_requests_show_in_the_scrape_with_labels_and_exact_counts(GatewayMode mode, bool fastPath, GatewayMetricsPath expected, bool durations)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var host = await GatewayModes.StartWebAsync(_root, mode, new Dictionary<string, string?>
        {
            ["Strata:Gateway:FastPath"] = fastPath.ToString(),
            ["Strata:Telemetry:GatewayDurations"] = durations.ToString(),
        });
        var apps = new WebApps(host, _root);
        var app = $"metrics-{expected.ToString().ToLowerInvariant()}-{(durations ? "timed" : "counted")}";
        var before = await PrometheusScrape.ReadAsync(host.Http);

        await apps.DeployOkAsync(app, "counted", replicas: 1);
        // A connection of its own: the fast path hands a connection that carried an API call to Kestrel for good.
        using var client = new HttpClient();
        for (var i = 0; i < Requests; i++)
        {
            using var ok = await client.GetAsync(apps.Url(app), bound.Token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < Missing; i++)
        {
            using var missing = await client.GetAsync(apps.Url(app, "no-such-page"), bound.Token);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var after = await PrometheusScrape.ReadAsync(host.Http);
        var path = expected.ToString().ToLowerInvariant();
        (string, string)[] ofApp = [("strata_vertical", "web"), ("strata_app", app), ("strata_gateway_path", path)];
        Assert.Equal(Requests, after.Sum("strata_gateway_requests_total", [.. ofApp, ("http_response_status_class", "2xx")]));
        Assert.Equal(Missing, after.Sum("strata_gateway_requests_total", [.. ofApp, ("http_response_status_class", "4xx")]));
        Assert.Equal(Requests + Missing, after.Sum("strata_gateway_requests_total", ("strata_app", app)));
        if (durations)
        {
            Assert.Equal(Requests + Missing, after.Sum("strata_gateway_request_duration_seconds_count", ofApp));
            Assert.True(after.Sum("strata_gateway_request_duration_seconds_sum", ofApp) > 0, "the gateway's request durations sum to nothing");
        }
        else
        {
            // Strata:Telemetry:GatewayDurations=false: counted, never timed.
            Assert.Empty(after.Matching("strata_gateway_request_duration_seconds_count", ("strata_app", app)));
        }

        Assert.Equal(1, Grew(before, after, "strata_deploys_total", ("strata_vertical", "web"), ("strata_outcome", "succeeded")));
        Assert.Equal(1, Grew(before, after, "strata_deploy_duration_seconds_count", ("strata_vertical", "web"), ("strata_outcome", "succeeded")));
        Assert.Equal(1, Grew(before, after, "strata_build_steps_total", ("strata_vertical", "web"), ("strata_build_step", "package"), ("strata_outcome", "ran")));
        Assert.Equal(1, Grew(before, after, "strata_build_step_duration_seconds_count", ("strata_vertical", "web"), ("strata_build_step", "package"), ("strata_outcome", "ran")));
        Assert.Equal(1, after.Sum("strata_apps", ("strata_vertical", "web")));
        Assert.Equal(1, after.Sum("strata_replicas_ready", ("strata_app", app), ("strata_service", "web")));

        // The host's own API calls are measured by ASP.NET Core's meter, the runtime by its own.
        Assert.NotEmpty(after.Matching("http_server_request_duration_seconds_count"));
        Assert.NotEmpty(after.Matching("dotnet_gc_collections_total").Concat(after.Matching("process_runtime_dotnet_gc_collections_count_total")));
    }

    [Fact]
    public async Task Gateway_process_requests_reach_the_host_through_the_in_flight_reports()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.Process);
        var apps = new WebApps(host, _root);
        const string app = "metrics-process";
        await apps.DeployOkAsync(app, "counted", replicas: 1);
        // A connection of its own: the fast path hands a connection that carried an API call to Kestrel for good.
        using var client = new HttpClient();
        // Two reports of the gateway process: it has the new app's route by then.
        var before = await GatewayModes.RelayedAsync(host);
        for (var i = 0; i < Requests; i++)
        {
            using var ok = await client.GetAsync(apps.Url(app), bound.Token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < Missing; i++)
        {
            using var missing = await client.GetAsync(apps.Url(app, "no-such-page"), bound.Token);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // Two reports later every request above is in (see GatewayModes.RelayedAsync).
        Assert.Equal(before + Requests + Missing, await GatewayModes.RelayedAsync(host));
        var scrape = await PrometheusScrape.ReadAsync(host.Http);
        Assert.Equal(Requests + Missing, scrape.Sum("strata_gateway_requests_total", ("strata_vertical", "web"), ("strata_app", app)));
        (string, string)[] ofApp = [("strata_vertical", "web"), ("strata_app", app), ("strata_gateway_path", "process")];
        Assert.Equal(Requests, scrape.Sum("strata_gateway_requests_total", [.. ofApp, ("http_response_status_class", "2xx")]));
        Assert.Equal(Missing, scrape.Sum("strata_gateway_requests_total", [.. ofApp, ("http_response_status_class", "4xx")]));
        // The reports carry counts, not durations: the gateway process times nothing.
        Assert.Empty(scrape.Matching("strata_gateway_request_duration_seconds_count", ofApp));
    }

    [Fact]
    public async Task Invalid_deploy_counts_as_invalid_under_its_vertical()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.WebVertical);
        var before = await PrometheusScrape.ReadAsync(host.Http);
        var folder = _root.Combine("apps", "metrics-invalid");
        Directory.CreateDirectory(folder);
        // The vertical's spec check refuses a folder without the web app: a 4xx before anything is built.
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), $"name: metrics-invalid\nvertical: web\nspec:\n  appDirectory: {_root.Combine("nowhere")}\n");
        using var response = await host.Http.PostAsJsonAsync("/api/apps/metrics-invalid/deploy", new { path = folder });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var after = await PrometheusScrape.ReadAsync(host.Http);
        Assert.Equal(1, Grew(before, after, "strata_deploys_total", ("strata_vertical", "web"), ("strata_outcome", "invalid")));
        Assert.Empty(after.Matching("strata_replicas_ready", ("strata_app", "metrics-invalid")));
    }

    [Fact]
    public async Task Scale_to_zero_wake_up_counts_as_a_cold_start()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.WebVertical);
        var apps = new WebApps(host, _root);
        const string app = "metrics-cold";
        await apps.DeployOkAsync(app, "sleepy", replicas: 1, caas: "caas:\n  autoscale: { min: 0, max: 1, targetInFlight: 5, scaleToZeroAfterSeconds: 1 }");
        (await host.Http.GetAsync(apps.Url(app), bound.Token)).Dispose();

        // Idle until the runtime has no replica left, the gateway routes to none (its own gauge says so)
        // and YARP, which applies routes asynchronously, has none either: the next request needs the activator.
        var proxy = host.Services.GetRequiredService<IProxyStateLookup>();
        var idle = Stopwatch.StartNew();
        PrometheusScrape idleScrape;
        while (true)
        {
            idleScrape = await PrometheusScrape.ReadAsync(host.Http);
            var routed = idleScrape.Sum("strata_replicas_ready", ("strata_app", app), ("strata_service", "web"));
            var proxied = proxy.TryGetCluster($"web/{app}/web", out var cluster) ? cluster.DestinationsState.AvailableDestinations.Count : -1;
            if ((routed == 0 && proxied == 0 && (await apps.ReplicasAsync(app)).Count == 0) || idle.Elapsed > TimeSpan.FromSeconds(15))
            {
                break;
            }

            await Task.Delay(200, bound.Token);
        }

        Assert.Empty(await apps.ReplicasAsync(app));
        Assert.Equal(0, idleScrape.Sum("strata_replicas_ready", ("strata_app", app), ("strata_service", "web")));

        // On a loaded machine the one-second idle can pass before the first request above, which is then
        // a cold start itself: count from what was there before the wake-up.
        (string, string)[] woken = [("strata_vertical", "web"), ("strata_app", app), ("strata_service", "web"), ("strata_outcome", "ready")];
        var coldBefore = idleScrape.Sum("strata_cold_starts_total", woken);
        var timedBefore = idleScrape.Sum("strata_cold_start_duration_seconds_count", woken);
        Assert.True(coldBefore <= 1, $"{coldBefore} cold starts before the wake-up");
        using var first = await host.Http.GetAsync(apps.Url(app), bound.Token);
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"the first request after idling answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync(bound.Token)}");

        var scrape = await PrometheusScrape.ReadAsync(host.Http);
        Assert.True(scrape.Sum("strata_cold_starts_total", woken) == coldBefore + 1, string.Join("\n", scrape.Text.Split('\n').Where(l => l.Contains(app, StringComparison.Ordinal))));
        Assert.True(scrape.Sum("strata_cold_start_duration_seconds_count", woken) == timedBefore + 1, "one cold start's duration is recorded");
        Assert.True(scrape.Sum("strata_cold_start_duration_seconds_sum", woken) > 0, "the cold start took no time");
    }

    [Fact]
    public async Task Metrics_endpoint_is_not_mapped_when_prometheus_is_off()
    {
        await using var host = await TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Telemetry:Prometheus"] = "false" });
        using var response = await host.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _root.Dispose();

    private static double Grew(PrometheusScrape before, PrometheusScrape after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}
