using System.Diagnostics;
using Strata.Server.Gateway;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Server.Tests.Gateway;

public sealed class GatewayFailoverTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _root = new("strata-gateway");

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Killing_a_replica_under_load_fails_no_request_and_its_replacement_joins(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("kill", "hi");
        var before = await apps.ReadyPidsAsync("kill");
        Assert.Equal(2, before.Count);

        await using var load = LoadRun.Start(apps.Url("kill"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var victim = before[0];
        Process.GetProcessById(victim).Kill(); // SIGKILL: no drain, connections reset
        var killedAt = load.Elapsed;
        var replaced = Stopwatch.StartNew();
        IReadOnlyList<int> after;
        do
        {
            await Task.Delay(100);
            after = await apps.ReadyPidsAsync("kill");
        }
        // Generous: the suite runs test projects side by side on two cores (image builds among them),
        // and the replacement's start-up is not what this test measures.
        while ((after.Count < 2 || after.Contains(victim)) && replaced.Elapsed < TimeSpan.FromSeconds(30));

        output.WriteLine($"killed pid {victim} at {killedAt.TotalSeconds:0.00} s; replacement ready after {replaced.Elapsed.TotalMilliseconds:0} ms (ready pids {string.Join(", ", after)})");
        await load.RunUntilAsync(LoadDuration);
        output.WriteLine(load.Summary());

        Assert.Equal(2, after.Count);
        Assert.DoesNotContain(victim, after);
        Assert.True(load.Successes > 100, load.Summary());
        Assert.True(load.Failures == 0, load.Summary());
    }

    public void Dispose() => _root.Dispose();
}
