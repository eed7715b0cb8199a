using Strata.Core.Runtime;
using Strata.Manifest;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Sharing;

/// <summary>One app using another app's service as its own (density): real processes, loopback HTTP.</summary>
public sealed class SharedServiceTests : IDisposable
{
    private static readonly AppRef Pool = new("tests", "pool");
    private readonly string _artifact = Path.Combine(Path.GetTempPath(), "strata-shared-tests", Guid.NewGuid().ToString("N"));

    public SharedServiceTests() => Directory.CreateDirectory(Path.Combine(_artifact, "parts", "demo"));

    public void Dispose() => Directory.Delete(_artifact, recursive: true);

    private AppRevision Sharer(int number) => new()
    {
        Manifest = new AppManifest { Name = RuntimeHarness.App.App, Vertical = RuntimeHarness.App.Vertical },
        Number = number,
        Artifacts = new Dictionary<string, Artifact> { [Artifact.DefaultName] = new() { Directory = _artifact, Command = ["true"] } },
    };

    private static WorkloadSet SharesPoolWeb(string? contribution = "parts/demo") => new()
    {
        SharedServices = [new SharedService { Name = "web", App = Pool.App, Service = "web", Contribution = contribution }],
        Routes = [new Route { Name = "http", Service = "web" }],
    };

    private static Task<ApplyResult> DeployPoolAsync(RuntimeHarness harness) => harness.Runtime.ApplyAsync(
        new AppRevision { Manifest = new AppManifest { Name = Pool.App, Vertical = Pool.Vertical }, Number = 1 }, RuntimeHarness.Web(), RuntimeHarness.Timeout(60));

    [Fact]
    public async Task An_app_reaches_the_other_apps_service_by_its_own_name_and_shows_it_its_folder()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await DeployPoolAsync(harness)).Succeeded);

        Assert.True((await harness.Runtime.ApplyAsync(Sharer(1), SharesPoolWeb(), RuntimeHarness.Timeout())).Succeeded);

        // Lookups, activation and status of the sharer's "web" are the pool's.
        var poolUri = await harness.Runtime.GetServiceUriAsync(Pool, "web", RuntimeHarness.Timeout());
        Assert.NotNull(poolUri);
        Assert.Equal(poolUri, await harness.ServiceUriAsync("web"));
        Assert.True(await harness.Runtime.ActivateAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));
        var poolPid = Assert.Single((await harness.Runtime.GetStatusAsync(Pool, RuntimeHarness.Timeout())).Services.Single().Replicas).ProcessId;
        var status = await harness.StatusAsync();
        Assert.Equal(1, status.Revision);
        Assert.Equal(poolPid, Assert.Single(Assert.Single(status.Services).Replicas).ProcessId);
        Assert.Equal("hello from revision 1", await harness.GetAsync("/"));

        // The pool's replica knows its contributions folder; the sharer's entry there is its artifact's folder.
        var folder = await harness.GetAsync("/env/STRATA_CONTRIBUTIONS_DIR");
        Assert.Equal(Path.Combine(harness.DataDirectory, "contributions", "tests", "pool", "web"), folder);
        Assert.Equal(Path.Combine(_artifact, "parts", "demo"), new FileInfo(Path.Combine(folder, "demo")).LinkTarget);

        // A revision without the contribution removes it; deleting the sharer leaves the pool running.
        Assert.True((await harness.Runtime.ApplyAsync(Sharer(2), SharesPoolWeb(contribution: null), RuntimeHarness.Timeout())).Succeeded);
        Assert.False(File.Exists(Path.Combine(folder, "demo")) || Directory.Exists(Path.Combine(folder, "demo")));
        Assert.True((await harness.Runtime.ApplyAsync(Sharer(3), SharesPoolWeb(), RuntimeHarness.Timeout())).Succeeded);
        Assert.NotNull(new FileInfo(Path.Combine(folder, "demo")).LinkTarget);
        await harness.Runtime.DeleteAppAsync(RuntimeHarness.App, RuntimeHarness.Timeout());
        Assert.Null(new FileInfo(Path.Combine(folder, "demo")).LinkTarget);
        Assert.Equal(poolPid, Assert.Single((await harness.Runtime.GetStatusAsync(Pool, RuntimeHarness.Timeout())).Services.Single().Replicas).ProcessId);
    }

    [Fact]
    public async Task A_sharer_applied_before_the_other_app_waits_for_it_and_is_served_once_it_runs()
    {
        await using var harness = new RuntimeHarness();

        // As a restarting host restores apps in name order: the sharer may come first.
        var result = await harness.Runtime.ApplyAsync(Sharer(1), SharesPoolWeb(), RuntimeHarness.Timeout());

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("shared service 'web' waits for app tests/pool, which runs no service 'web' yet: deploy it", result.Message);
        Assert.Empty((await harness.StatusAsync()).Services);
        Assert.False(await harness.Runtime.ActivateAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));
        Assert.Null(await harness.Runtime.GetServiceUriAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));

        Assert.True((await DeployPoolAsync(harness)).Succeeded);

        Assert.True(await harness.Runtime.ActivateAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));
        Assert.Equal("hello from revision 1", await harness.GetAsync("/"));
        Assert.Single((await harness.StatusAsync()).Services);
        var folder = await harness.GetAsync("/env/STRATA_CONTRIBUTIONS_DIR");
        Assert.Equal(Path.Combine(_artifact, "parts", "demo"), new FileInfo(Path.Combine(folder, "demo")).LinkTarget);
    }

    [Fact]
    public async Task The_sharers_watchers_hear_when_the_shared_service_changes()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await DeployPoolAsync(harness)).Succeeded);
        Assert.True((await harness.Runtime.ApplyAsync(Sharer(1), SharesPoolWeb(), RuntimeHarness.Timeout())).Succeeded);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = harness.Runtime.WatchAsync(RuntimeHarness.App, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await watch.MoveNextAsync());
        await harness.Runtime.ScaleAsync(Pool, "web", 2, RuntimeHarness.Timeout());

        // The sharer's own watch sees the pool's second replica.
        while (Assert.Single(watch.Current.Services).Replicas.Count < 2)
        {
            Assert.True(await watch.MoveNextAsync());
        }

        await watch.DisposeAsync();
    }
}
