using Strata.Core.Runtime;

namespace Strata.Core.State;

public sealed class StateStoreDeploymentTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AppRef App = new("functions", "hello");
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(Start);
    private StateStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await StateStore.OpenAsync(_db.Path, _time);
        await _store.EnsureAppAsync(App);
        await _store.AddRevisionAsync(new NewRevision(App, "m1", "h1", "{}"));
        await _store.AddRevisionAsync(new NewRevision(App, "m2", "h2", "{}"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task A_successful_deployment_round_trips_and_becomes_current()
    {
        var started = await _store.StartDeploymentAsync(App, 2);
        Assert.Equal(new DeploymentRecord(started.Id, App, 2, DeploymentState.InProgress, null, Start, null), started);
        Assert.Null((await _store.GetAppAsync(App))!.CurrentRevision);

        _time.Advance(TimeSpan.FromSeconds(42));
        var finished = await _store.CompleteDeploymentAsync(started.Id, DeploymentState.Succeeded, "rolled out 2 replicas");

        Assert.Equal(new DeploymentRecord(started.Id, App, 2, DeploymentState.Succeeded, "rolled out 2 replicas", Start, Start.AddSeconds(42)), finished);
        Assert.Equal([finished], await _store.ListDeploymentsAsync(App));
        Assert.Equal(2, (await _store.GetAppAsync(App))!.CurrentRevision);
    }

    [Fact]
    public async Task A_failed_deployment_leaves_the_current_revision_alone()
    {
        var first = await _store.StartDeploymentAsync(App, 1);
        await _store.CompleteDeploymentAsync(first.Id, DeploymentState.Succeeded, null);
        var second = await _store.StartDeploymentAsync(App, 2);

        var failed = await _store.CompleteDeploymentAsync(second.Id, DeploymentState.Failed, "probe failed on port 8080");

        Assert.Equal(DeploymentState.Failed, failed.State);
        Assert.Equal("probe failed on port 8080", failed.Message);
        Assert.Equal(1, (await _store.GetAppAsync(App))!.CurrentRevision);
        Assert.Equal([second.Id, first.Id], (await _store.ListDeploymentsAsync(App)).Select(d => d.Id));
    }

    [Fact]
    public async Task Starting_a_deployment_of_an_unknown_app_or_revision_is_refused()
    {
        var noApp = await Assert.ThrowsAsync<StrataException>(() => _store.StartDeploymentAsync(new AppRef("functions", "nobody"), 1));
        var noRevision = await Assert.ThrowsAsync<StrataException>(() => _store.StartDeploymentAsync(App, 3));

        Assert.Equal("app 'functions/nobody' does not exist; create it with EnsureAppAsync", noApp.Message);
        Assert.Equal("revision 3 of app 'functions/hello' does not exist; add it with AddRevisionAsync", noRevision.Message);
        Assert.Empty(await _store.ListDeploymentsAsync(App));
    }

    [Fact]
    public async Task Completing_an_unknown_or_finished_deployment_is_refused()
    {
        var deployment = await _store.StartDeploymentAsync(App, 1);
        await _store.CompleteDeploymentAsync(deployment.Id, DeploymentState.Failed, "boom");

        var unknown = await Assert.ThrowsAsync<StrataException>(() => _store.CompleteDeploymentAsync(deployment.Id + 100, DeploymentState.Succeeded, null));
        var finished = await Assert.ThrowsAsync<StrataException>(() => _store.CompleteDeploymentAsync(deployment.Id, DeploymentState.Succeeded, null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.CompleteDeploymentAsync(deployment.Id, DeploymentState.InProgress, null));

        Assert.StartsWith($"deployment {deployment.Id + 100} does not exist", unknown.Message, StringComparison.Ordinal);
        Assert.StartsWith($"deployment {deployment.Id} already finished as Failed", finished.Message, StringComparison.Ordinal);
        Assert.Null((await _store.GetAppAsync(App))!.CurrentRevision);
    }

    [Fact]
    public async Task Deployments_left_in_progress_are_failed_with_the_reason()
    {
        var done = await _store.StartDeploymentAsync(App, 1);
        done = await _store.CompleteDeploymentAsync(done.Id, DeploymentState.Succeeded, "ok");
        var interrupted1 = await _store.StartDeploymentAsync(App, 2);
        var interrupted2 = await _store.StartDeploymentAsync(App, 1);
        _time.Advance(TimeSpan.FromMinutes(1));

        var marked = await _store.FailInProgressDeploymentsAsync("the host stopped during the rollout");

        Assert.Equal(2, marked);
        var deployments = await _store.ListDeploymentsAsync(App);
        Assert.Equal(
            [
                interrupted2 with { State = DeploymentState.Failed, Message = "the host stopped during the rollout", FinishedAt = Start.AddMinutes(1) },
                interrupted1 with { State = DeploymentState.Failed, Message = "the host stopped during the rollout", FinishedAt = Start.AddMinutes(1) },
                done,
            ],
            deployments);
        Assert.Equal(1, (await _store.GetAppAsync(App))!.CurrentRevision);
        Assert.Equal(0, await _store.FailInProgressDeploymentsAsync("again"));
    }

    [Fact]
    public async Task Deployment_ids_are_not_reused_after_a_delete()
    {
        var first = await _store.StartDeploymentAsync(App, 1);
        await _store.DeleteAppAsync(App);
        await _store.EnsureAppAsync(App);
        await _store.AddRevisionAsync(new NewRevision(App, "m", "h", "{}"));

        var next = await _store.StartDeploymentAsync(App, 1);

        Assert.True(next.Id > first.Id);
    }
}
