using System.Diagnostics;
using System.Net;
using Strata.Server.Gateway;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Server.Tests.Gateway;

/// <summary>The activator: a service scaled to zero answers its first request through the gateway, without an error.</summary>
public sealed class GatewayScaleToZeroTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new("strata-gateway");

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Scaled_to_zero_service_answers_its_first_request_and_the_cold_start_is_printed(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("idle", "sleepy", replicas: 1, caas: "caas:\n  autoscale: { min: 0, max: 2, targetInFlight: 5, scaleToZeroAfterSeconds: 1 }");
        Assert.Contains("sleepy", await host.Http.GetStringAsync(apps.Url("idle")));

        var idle = Stopwatch.StartNew();
        while ((await apps.ReplicasAsync("idle")).Count > 0 && idle.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        Assert.Empty(await apps.ReplicasAsync("idle"));
        output.WriteLine($"scaled to zero {idle.ElapsedMilliseconds} ms after the last request");

        var cold = Stopwatch.StartNew();
        using var first = await host.Http.GetAsync(apps.Url("idle"));
        cold.Stop();
        output.WriteLine($"cold start through the gateway: {cold.ElapsedMilliseconds} ms to the first answer");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("sleepy", await first.Content.ReadAsStringAsync());
        Assert.NotEmpty(await apps.ReadyPidsAsync("idle"));
    }

    public void Dispose() => _root.Dispose();
}
