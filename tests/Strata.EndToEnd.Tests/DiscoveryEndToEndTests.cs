using System.Text.RegularExpressions;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// The storefront sample: two services, where web finds catalog by name through
/// Microsoft.Extensions.ServiceDiscovery reading the discovery keys Strata sets.
/// </summary>
public sealed partial class DiscoveryEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-discovery");

    [Fact]
    public async Task Web_service_calls_catalog_by_name_through_service_discovery()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        var storefront = Path.Combine(Path.GetDirectoryName(CliProcess.CliDll)!, "samples", "storefront");

        var deployed = await CliProcess.RunAsync(_root.Path, "deploy", storefront, "--server", host.Url.ToString());

        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var answer = await http.GetStringAsync(new Uri(host.Url, "/apps/services/storefront/"));
        Assert.Matches(Answer(), answer);

        var status = await CliProcess.RunAsync(_root.Path, "status", "storefront", "--server", host.Url.ToString());
        Assert.Equal(3, Ready().Matches(status.Stdout).Count);
    }

    [GeneratedRegex(@"^storefront \(web pid \d+\) shows: item 1: a blue teapot \(catalog revision 1\)\n$")]
    private static partial Regex Answer();

    [GeneratedRegex(@"\bReady\b")]
    private static partial Regex Ready();

    public void Dispose() => _root.Dispose();
}
