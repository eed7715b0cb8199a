using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Strata.Server.Gateway;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Server.Tests.Gateway;

public sealed class GatewayBalancingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new("strata-gateway");

    [Theory]
    [InlineData("RoundRobin", GatewayMode.InProcess)]
    [InlineData("LeastRequests", GatewayMode.InProcess)]
    [InlineData("RoundRobin", GatewayMode.Process)]
    [InlineData("LeastRequests", GatewayMode.Process)]
    public async Task Policy_spreads_requests_over_both_replicas(string policy, GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode, new Dictionary<string, string?> { ["Strata:Gateway:LoadBalancing"] = policy });
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("spread", "hi");

        await using var load = LoadRun.Start(apps.Url("spread", "slow?ms=20"));
        await load.RunUntilAsync(TimeSpan.FromSeconds(2));
        output.WriteLine(load.Summary());

        Assert.True(load.Failures == 0, load.Summary());
        var perReplica = load.Answers(0);
        Assert.Equal(2, perReplica.Count);
        Assert.All(perReplica.Values, count => Assert.True(count > load.Successes / 10, load.Summary()));
    }

    [Fact]
    public async Task Invalid_load_balancing_policy_fails_host_start_naming_the_allowed_ones()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Gateway:LoadBalancing"] = "Fastest" }));

        Assert.Contains("Strata:Gateway:LoadBalancing is 'Fastest'", error.Message);
        Assert.Contains("LeastRequests, RoundRobin, PowerOfTwoChoices, Random", error.Message);
    }

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Service_without_a_ready_replica_that_cannot_be_activated_is_a_503_problem_naming_it(GatewayMode mode)
    {
        // The gateway holds the request for a replica to become ready up to the activation timeout (60 s by default).
        await using var host = await GatewayModes.StartWebAsync(_root, mode, new Dictionary<string, string?> { ["Strata:Gateway:ActivationTimeout"] = "00:00:05" });
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("cold", "hi", replicas: 1);
        var endpoint = (await apps.ReplicasAsync("cold")).Single()["endpoint"]!.GetValue<string>();
        using (var direct = new HttpClient())
        {
            (await direct.PostAsync(new Uri(new Uri(endpoint), "/unready"), null)).EnsureSuccessStatusCode();
        }

        HttpResponseMessage response;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(200);
            response = await host.Http.GetAsync(apps.Url("cold"));
        }
        while (response.StatusCode == HttpStatusCode.OK && waited.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.Contains("App 'cold'", detail);
        Assert.Contains("service 'web'", detail);
    }

    public void Dispose() => _root.Dispose();
}
