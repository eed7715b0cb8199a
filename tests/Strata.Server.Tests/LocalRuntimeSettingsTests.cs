using Strata.Server.Gateway;
using Strata.Server.Tests.Gateway;
using Strata.Testing;

namespace Strata.Server.Tests;

/// <summary>The Local runtime's timings from the host's configuration, section <c>Strata:LocalRuntime</c>.</summary>
public sealed class LocalRuntimeSettingsTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-localsettings");

    [Theory]
    [InlineData("DeregistrationTimeout", "-00:00:01", "DeregistrationTimeout must not be negative")]
    [InlineData("DrainTimeout", "-00:00:01", "DrainTimeout must not be negative")]
    [InlineData("ReadyTimeout", "00:00:00", "ReadyTimeout must be positive")]
    public async Task A_bad_setting_stops_the_host_naming_the_section_and_the_fix(string key, string value, string problem)
    {
        var error = await Assert.ThrowsAsync<Core.StrataException>(() => TestHost.StartAsync(_root, new Dictionary<string, string?>
        {
            [$"Strata:LocalRuntime:{key}"] = value,
        }));

        Assert.Contains("Strata:LocalRuntime is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_reaches_the_runtime_and_the_data_folder_stays_the_hosts()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.InProcess, new Dictionary<string, string?>
        {
            ["Strata:LocalRuntime:ReadyTimeout"] = "00:00:00.001",
            ["Strata:LocalRuntime:DataDirectory"] = _root.Combine("elsewhere"),
        });

        using var response = await new WebApps(host, _root).DeployAsync("impatient", "hi", replicas: 1);

        var body = await response.Content.ReadAsStringAsync();
        Assert.False(response.IsSuccessStatusCode, body);
        Assert.Contains("not ready after", body, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_root.Combine("elsewhere")));
    }

    public void Dispose() => _root.Dispose();
}
