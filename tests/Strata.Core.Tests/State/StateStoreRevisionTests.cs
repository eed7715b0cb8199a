using Microsoft.Data.Sqlite;
using Strata.Core.Runtime;

namespace Strata.Core.State;

public sealed class StateStoreRevisionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));
    private static readonly AppRef App = new("functions", "hello");
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
    public async Task Revisions_round_trip_exactly_and_list_newest_first()
    {
        await _store.EnsureAppAsync(App);
        const string Manifest = "name: hello\nvertical: functions\nspec:\n  handler: Hello.Function # ünïcode ✓\n";
        var first = await _store.AddRevisionAsync(new NewRevision(App, Manifest, "sha256:abc", """{"folder":"/a","entry":"run"}""")
        {
            SourcePath = "/data/sources/hello/1",
        });
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = await _store.AddRevisionAsync(new NewRevision(App, "name: hello", "sha256:def", "[]"));

        Assert.Equal(new RevisionRecord(App, 1, Manifest, "sha256:abc", """{"folder":"/a","entry":"run"}""", "/data/sources/hello/1", Start), first);
        Assert.Equal(new RevisionRecord(App, 2, "name: hello", "sha256:def", "[]", null, Start.AddMinutes(5)), second);
        Assert.Equal(first, await _store.GetRevisionAsync(App, 1));
        Assert.Equal(second, await _store.GetRevisionAsync(App, 2));
        Assert.Null(await _store.GetRevisionAsync(App, 3));
        Assert.Equal([second, first], await _store.ListRevisionsAsync(App));
    }

    [Fact]
    public async Task A_revisions_image_digest_is_recorded_and_the_next_number_is_predicted()
    {
        await _store.EnsureAppAsync(App);
        Assert.Equal(1, await _store.NextRevisionNumberAsync(App));
        var digest = "sha256:" + new string('a', 64);

        var added = await _store.AddRevisionAsync(new NewRevision(App, "name: hello", "h", "{}") { Image = "127.0.0.1:5000/strata/functions-hello:1", ImageDigest = digest });

        var read = await _store.GetRevisionAsync(App, 1);
        Assert.Equal(added, read);
        Assert.Equal(("127.0.0.1:5000/strata/functions-hello:1", digest), (read!.Image, read.ImageDigest));
        Assert.Equal(2, await _store.NextRevisionNumberAsync(App));
        await Assert.ThrowsAsync<SqliteException>(() => _store.AddRevisionAsync(new NewRevision(App, "name: hello", "h", "{}") { ImageDigest = "md5:nope" }));
    }

    [Fact]
    public async Task A_revision_of_an_unknown_app_is_refused_with_a_fix()
    {
        var error = await Assert.ThrowsAsync<StrataException>(() => _store.AddRevisionAsync(new NewRevision(App, "name: hello", "h", "{}")));

        Assert.Equal("app 'functions/hello' does not exist; create it with EnsureAppAsync", error.Message);
        Assert.Equal(0L, _db.Scalar("SELECT COUNT(*) FROM revisions;"));
    }

    [Fact]
    public async Task Numbers_are_per_app()
    {
        var other = new AppRef("simulation", "hello");
        await _store.EnsureAppAsync(App);
        await _store.EnsureAppAsync(other);

        await _store.AddRevisionAsync(new NewRevision(App, "m", "h", "{}"));
        await _store.AddRevisionAsync(new NewRevision(App, "m", "h", "{}"));
        var otherFirst = await _store.AddRevisionAsync(new NewRevision(other, "m", "h", "{}"));

        Assert.Equal(1, otherFirst.Number);
    }

    [Fact]
    public async Task Twenty_concurrent_adds_across_two_stores_get_numbers_one_to_twenty()
    {
        await using var second = await StateStore.OpenAsync(_db.Path);
        await _store.EnsureAppAsync(App);
        var stores = new[] { _store, second };

        // The SQLite calls complete synchronously, so each add gets a thread of its own, and all
        // wait at one gate: without both, the adds would mostly run one after another.
        using var gate = new ManualResetEventSlim();
        var adds = Enumerable.Range(0, 20).Select(i => Task.Factory.StartNew(
            () =>
            {
                gate.Wait();
                return stores[i % 2].AddRevisionAsync(new NewRevision(App, $"m{i}", $"h{i}", "{}"));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();
        gate.Set();
        var added = await Task.WhenAll(adds);

        Assert.Equal(Enumerable.Range(1, 20), added.Select(r => r.Number).Order());
        Assert.Equal(Enumerable.Range(1, 20).Reverse(), (await second.ListRevisionsAsync(App)).Select(r => r.Number));
        // Each caller got back the number its own revision was stored under.
        foreach (var revision in added)
        {
            Assert.Equal(revision.SourceHash, (await _store.GetRevisionAsync(App, revision.Number))!.SourceHash);
        }
    }

    [Fact]
    public async Task A_stored_revision_cannot_be_changed()
    {
        await _store.EnsureAppAsync(App);
        await _store.AddRevisionAsync(new NewRevision(App, "m", "h", "{}"));

        var error = Assert.Throws<SqliteException>(() => _db.Scalar("UPDATE revisions SET manifest_yaml = 'changed';"));

        Assert.Contains("revisions are immutable", error.Message, StringComparison.Ordinal);
        Assert.Equal("m", (await _store.GetRevisionAsync(App, 1))!.ManifestYaml);
    }
}
