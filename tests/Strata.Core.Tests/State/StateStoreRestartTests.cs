using Strata.Core.Runtime;

namespace Strata.Core.State;

public sealed class StateStoreRestartTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Everything_is_there_after_the_store_is_reopened()
    {
        var app = new AppRef("functions", "hello");
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        AppRecord appBefore;
        IReadOnlyList<RevisionRecord> revisionsBefore;
        IReadOnlyList<DeploymentRecord> deploymentsBefore;
        var plugin = new PluginRecord("Strata.Verticals.Functions", "1.0.0", "1.0", "/p", "Loaded", null, time.Now) { Source = "feed" };

        await using (var store = await StateStore.OpenAsync(_db.Path, time))
        {
            await store.EnsureAppAsync(app);
            await store.AddRevisionAsync(new NewRevision(app, "m1", "h1", "{}") { SourcePath = "/src/1" });
            time.Advance(TimeSpan.FromSeconds(1));
            await store.AddRevisionAsync(new NewRevision(app, "m2", "h2", "[]"));
            var deployment = await store.StartDeploymentAsync(app, 2);
            await store.CompleteDeploymentAsync(deployment.Id, DeploymentState.Succeeded, "ok");
            await store.StartDeploymentAsync(app, 1);
            await store.UpsertPluginAsync(plugin);

            appBefore = (await store.GetAppAsync(app))!;
            revisionsBefore = await store.ListRevisionsAsync(app);
            deploymentsBefore = await store.ListDeploymentsAsync(app);
        }

        await using var reopened = await StateStore.OpenAsync(_db.Path);

        Assert.Equal(2, appBefore.CurrentRevision);
        Assert.Equal(appBefore, await reopened.GetAppAsync(app));
        Assert.Equal(revisionsBefore, await reopened.ListRevisionsAsync(app));
        Assert.Equal(deploymentsBefore, await reopened.ListDeploymentsAsync(app));
        Assert.Equal([plugin], await reopened.ListPluginsAsync());
        Assert.Equal(3, (await reopened.AddRevisionAsync(new NewRevision(app, "m3", "h3", "{}"))).Number);
    }

    [Fact]
    public async Task Committed_writes_are_seen_by_another_connection_without_a_clean_shutdown()
    {
        // The store is never disposed, as when the host is killed: every write must already be
        // committed to the file (and its WAL) when the call returns.
        var store = await StateStore.OpenAsync(_db.Path);
        var app = new AppRef("functions", "hello");
        await store.EnsureAppAsync(app);
        await store.AddRevisionAsync(new NewRevision(app, "m1", "h1", "{}"));
        await store.SetCurrentRevisionAsync(app, 1);

        Assert.Equal(1L, _db.Scalar("SELECT current_revision FROM apps WHERE vertical = 'functions' AND name = 'hello';"));
        Assert.Equal(1L, _db.Scalar("SELECT COUNT(*) FROM revisions;"));
        await store.DisposeAsync();
    }
}
