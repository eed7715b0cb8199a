using System.Net;
using Strata.Server.Gateway;
using Strata.Testing;

namespace Strata.Server.Tests.Gateway;

/// <summary>
/// <c>caas.uses</c> on a real host on 127.0.0.1 port 0: the using app's replicas get the used app's route on
/// the gateway, with the port the gateway was really given, and reach the used app through it.
/// </summary>
public sealed class GatewayUsedAppsTests : IDisposable
{
    private const string UsesCallee = "caas:\n  uses: [callee]";
    private readonly TempDirectory _root = new("strata-uses");

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task A_host_on_port_0_gives_the_bound_gateway_address_of_a_used_app_deployed_before_or_after(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);

        // The caller first: its address of callee depends on the name only.
        await apps.DeployOkAsync("caller", "hi", replicas: 1, caas: UsesCallee);
        var address = await host.Http.GetStringAsync(apps.Url("caller", "env/services__callee__http__0"));

        Assert.NotEqual(0, host.Address.Port);
        Assert.Equal($"http://127.0.0.1:{host.Address.Port}/apps/web/callee", address);
        using (var early = await host.Http.GetAsync(address))
        {
            Assert.False(early.IsSuccessStatusCode, $"callee is not deployed yet, but {address} answered {(int)early.StatusCode}");
        }

        await apps.DeployOkAsync("callee", "hello from callee", replicas: 1);
        Assert.Contains("hello from callee", await host.Http.GetStringAsync(address + "/"));
    }

    [Fact]
    public async Task A_host_restarted_on_port_0_restarts_the_using_app_with_its_new_address()
    {
        int firstPort;
        await using (var first = await GatewayModes.StartWebAsync(_root, GatewayMode.Process))
        {
            await new WebApps(first, _root).DeployOkAsync("caller", "hi", replicas: 1, caas: UsesCallee);
            firstPort = first.Address.Port;
        }

        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.Process);
        var apps = new WebApps(host, _root);
        var expected = $"http://127.0.0.1:{host.Address.Port}/apps/web/callee";
        string? address = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Restored once the gateway listens, in the background: the address is known only then.
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && address != expected)
        {
            using var response = await host.Http.GetAsync(apps.Url("caller", "env/services__callee__http__0"));
            address = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : $"{(int)response.StatusCode}";
            await Task.Delay(200);
        }

        Assert.Equal(expected, address);
        Assert.NotEqual(firstPort, host.Address.Port);
    }

    [Fact]
    public async Task A_used_app_named_like_one_of_the_apps_services_is_refused_with_its_path()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.InProcess);
        var apps = new WebApps(host, _root);

        // The web fixture vertical maps every app to one service named 'web'.
        using var response = await apps.DeployAsync("clash", "hi", replicas: 1, caas: "caas:\n  uses: [other, web]");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("caas.uses[1]", body, StringComparison.Ordinal);
        Assert.Contains("services__web__http__0", body, StringComparison.Ordinal);
        Assert.DoesNotContain("caas.uses[0]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_uses_entry_is_refused_before_the_build_with_its_path()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.InProcess);
        var apps = new WebApps(host, _root);

        using var response = await apps.DeployAsync("bad", "hi", replicas: 1, caas: "caas:\n  uses: [bad, Other]");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("caas.uses[0]", body, StringComparison.Ordinal);
        Assert.Contains("this app itself", body, StringComparison.Ordinal);
        Assert.Contains("caas.uses[1]", body, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
