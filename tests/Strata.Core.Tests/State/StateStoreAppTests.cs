using Strata.Core.Runtime;

namespace Strata.Core.State;

public sealed class StateStoreAppTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(Start);
    private StateStore _store = null!;

    public async Task InitializeAsync() => _store = await StateStore.OpenAsync(_db.Path, _time);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task Ensure_creates_once_and_returns_the_recorded_app()
    {
        var app = new AppRef("functions", "hello");

        var created = await _store.EnsureAppAsync(app);
        _time.Advance(TimeSpan.FromHours(1));
        var again = await _store.EnsureAppAsync(app);

        Assert.Equal(new AppRecord("functions", "hello", Start, null), created);
        Assert.Equal(created, again);
        Assert.Equal(created, await _store.GetAppAsync(app));
        Assert.Equal(app, created.Ref);
        Assert.Equal(TimeSpan.Zero, created.CreatedAt.Offset);
    }

    [Fact]
    public async Task An_app_runs_on_local_until_another_runtime_is_recorded_and_the_store_refuses_unknown_runtimes()
    {
        var app = new AppRef("functions", "hello");
        var created = await _store.EnsureAppAsync(app);

        var set = await _store.SetAppRuntimeAsync(app, "kubernetes");
        var missing = await _store.SetAppRuntimeAsync(new AppRef("functions", "nobody"), "kubernetes");

        Assert.Equal("local", created.Runtime);
        Assert.True(set);
        Assert.False(missing);
        Assert.Equal("kubernetes", (await _store.GetAppAsync(app))!.Runtime);
        Assert.Equal("kubernetes", Assert.Single(await _store.ListAppsAsync())!.Runtime);
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => _store.SetAppRuntimeAsync(app, "nomad"));
    }

    [Fact]
    public async Task Get_of_an_unknown_app_is_null()
    {
        await _store.EnsureAppAsync(new AppRef("functions", "hello"));

        Assert.Null(await _store.GetAppAsync(new AppRef("functions", "other")));
        Assert.Null(await _store.GetAppAsync(new AppRef("simulation", "hello")));
    }

    [Fact]
    public async Task List_orders_by_vertical_then_name_and_filters_by_vertical()
    {
        foreach (var (vertical, name) in new[] { ("simulation", "b"), ("functions", "z"), ("simulation", "a"), ("functions", "a") })
        {
            await _store.EnsureAppAsync(new AppRef(vertical, name));
        }

        var all = await _store.ListAppsAsync();
        var simulation = await _store.ListAppsAsync("simulation");

        Assert.Equal(["functions/a", "functions/z", "simulation/a", "simulation/b"], all.Select(a => a.Ref.ToString()));
        Assert.Equal(["simulation/a", "simulation/b"], simulation.Select(a => a.Ref.ToString()));
        Assert.Empty(await _store.ListAppsAsync("mobile"));
    }

    [Fact]
    public async Task Find_by_name_returns_the_app_in_every_vertical()
    {
        await _store.EnsureAppAsync(new AppRef("simulation", "hello"));
        await _store.EnsureAppAsync(new AppRef("functions", "hello"));
        await _store.EnsureAppAsync(new AppRef("functions", "other"));

        var found = await _store.FindAppsByNameAsync("hello");

        Assert.Equal(["functions/hello", "simulation/hello"], found.Select(a => a.Ref.ToString()));
        Assert.Empty(await _store.FindAppsByNameAsync("nobody"));
    }

    [Fact]
    public async Task Set_current_revision_sets_and_clears_it()
    {
        var app = new AppRef("functions", "hello");
        await _store.EnsureAppAsync(app);
        await _store.AddRevisionAsync(new NewRevision(app, "name: hello", "h1", "{}"));
        await _store.AddRevisionAsync(new NewRevision(app, "name: hello", "h2", "{}"));

        await _store.SetCurrentRevisionAsync(app, 2);
        Assert.Equal(2, (await _store.GetAppAsync(app))!.CurrentRevision);

        await _store.SetCurrentRevisionAsync(app, 1);
        Assert.Equal(1, (await _store.GetAppAsync(app))!.CurrentRevision);

        await _store.SetCurrentRevisionAsync(app, null);
        Assert.Null((await _store.GetAppAsync(app))!.CurrentRevision);
    }

    [Fact]
    public async Task Set_current_revision_refuses_an_unknown_app_or_revision()
    {
        var app = new AppRef("functions", "hello");

        var noApp = await Assert.ThrowsAsync<StrataException>(() => _store.SetCurrentRevisionAsync(app, 1));
        await _store.EnsureAppAsync(app);
        var noRevision = await Assert.ThrowsAsync<StrataException>(() => _store.SetCurrentRevisionAsync(app, 3));

        Assert.Equal("app 'functions/hello' does not exist; create it with EnsureAppAsync", noApp.Message);
        Assert.Equal("revision 3 of app 'functions/hello' does not exist; add it with AddRevisionAsync", noRevision.Message);
        Assert.Null((await _store.GetAppAsync(app))!.CurrentRevision);
    }

    [Fact]
    public async Task Delete_cascades_to_revisions_and_deployments_of_that_app_only()
    {
        var app = new AppRef("functions", "hello");
        var other = new AppRef("functions", "other");
        foreach (var a in new[] { app, other })
        {
            await _store.EnsureAppAsync(a);
            await _store.AddRevisionAsync(new NewRevision(a, "name: x", "h", "{}"));
            var deployment = await _store.StartDeploymentAsync(a, 1);
            await _store.CompleteDeploymentAsync(deployment.Id, DeploymentState.Succeeded, null);
        }

        Assert.True(await _store.DeleteAppAsync(app));
        Assert.False(await _store.DeleteAppAsync(app));

        Assert.Null(await _store.GetAppAsync(app));
        Assert.Empty(await _store.ListRevisionsAsync(app));
        Assert.Empty(await _store.ListDeploymentsAsync(app));
        Assert.Equal(1L, _db.Scalar("SELECT COUNT(*) FROM revisions;"));
        Assert.Equal(1L, _db.Scalar("SELECT COUNT(*) FROM deployments;"));
        Assert.Equal(1, (await _store.GetAppAsync(other))!.CurrentRevision);

        // The name is free again, and numbering starts over.
        await _store.EnsureAppAsync(app);
        Assert.Equal(1, (await _store.AddRevisionAsync(new NewRevision(app, "name: x", "h", "{}"))).Number);
    }
}
