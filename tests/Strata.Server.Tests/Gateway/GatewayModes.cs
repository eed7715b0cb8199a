using Microsoft.Extensions.DependencyInjection;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;
using Strata.Server.Gateway.ProcessMode;
using Strata.Testing;

namespace Strata.Server.Tests.Gateway;

/// <summary>Hosts in either gateway mode, and what the fast path relayed wherever it runs.</summary>
internal static class GatewayModes
{
    private static readonly TimeSpan ReportWait = TimeSpan.FromSeconds(10);

    /// <summary>Starts a host in gateway mode <paramref name="mode"/> with <paramref name="settings"/> and the plugins.</summary>
    public static Task<TestHost> StartAsync(TempDirectory root, GatewayMode mode, IReadOnlyDictionary<string, string?>? settings = null, params string[] plugins)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Strata:Gateway:Mode"] = mode.ToString() };
        return TestHost.StartAsync(root, all, plugins);
    }

    /// <summary>Starts a host in gateway mode <paramref name="mode"/> with the web fixture vertical.</summary>
    public static Task<TestHost> StartWebAsync(TempDirectory root, GatewayMode mode, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(root, mode, settings, FixturePlugins.WebVertical);

    /// <summary>
    /// How many requests the fast path has taken on: the host's own count in mode InProcess; in mode
    /// Process the gateway process's, as its in-flight reports carry it (two reports later, so that
    /// every request begun before this call is in).
    /// </summary>
    public static async Task<long> RelayedAsync(TestHost host)
    {
        if (host.Services.GetService<GatewayInFlightLedger>() is not { } ledger)
        {
            return host.Services.GetRequiredService<GatewayConnectionHandler>().Relayed;
        }

        await ledger.NextReport.WaitAsync(ReportWait);
        await ledger.NextReport.WaitAsync(ReportWait);
        return ledger.Relayed;
    }
}
