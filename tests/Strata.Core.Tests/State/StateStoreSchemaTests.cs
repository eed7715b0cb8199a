namespace Strata.Core.State;

public sealed class StateStoreSchemaTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Open_creates_the_folder_the_file_and_the_schema_in_wal_mode()
    {
        await using (var store = await StateStore.OpenAsync(_db.Path))
        {
            Assert.Equal(System.IO.Path.GetFullPath(_db.Path), store.DatabasePath);
        }

        Assert.True(File.Exists(_db.Path));
        Assert.Equal("wal", _db.Scalar("PRAGMA journal_mode;"));
        Assert.Equal((long)StateMigrations.Latest, _db.Scalar("PRAGMA user_version;"));
        foreach (var table in new[] { "apps", "revisions", "deployments", "plugins" })
        {
            Assert.Equal(1L, _db.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        }
    }

    [Fact]
    public void Migrations_are_numbered_one_to_latest_without_gaps()
    {
        var versions = StateMigrations.All.Select(m => m.Version).ToArray();
        Assert.Equal(Enumerable.Range(1, versions.Length), versions);
        Assert.Equal(versions[^1], StateMigrations.Latest);
    }

    [Fact]
    public async Task Opening_a_migrated_file_again_keeps_its_version_and_data()
    {
        var app = new Runtime.AppRef("functions", "hello");
        await using (var store = await StateStore.OpenAsync(_db.Path))
        {
            await store.EnsureAppAsync(app);
        }

        await using (var first = await StateStore.OpenAsync(_db.Path))
        await using (var second = await StateStore.OpenAsync(_db.Path))
        {
            Assert.NotNull(await second.GetAppAsync(app));
            Assert.Single(await first.ListAppsAsync());
        }

        Assert.Equal((long)StateMigrations.Latest, _db.Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public async Task Concurrent_opens_of_a_fresh_file_apply_each_step_once()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => StateStore.OpenAsync(_db.Path))));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.Equal((long)StateMigrations.Latest, _db.Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused_and_left_alone()
    {
        await (await StateStore.OpenAsync(_db.Path)).DisposeAsync();
        var future = StateMigrations.Latest + 5;
        _db.Scalar($"PRAGMA user_version = {future};");

        var error = await Assert.ThrowsAsync<StrataException>(() => StateStore.OpenAsync(_db.Path));

        Assert.Contains($"schema version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer Strata", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.IO.Path.GetFullPath(_db.Path), error.Path);
        Assert.Equal((long)future, _db.Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_new_step_upgrades_an_existing_file_and_keeps_its_data()
    {
        var app = new Runtime.AppRef("functions", "hello");
        await using (var store = await StateStore.OpenAsync(_db.Path))
        {
            await store.EnsureAppAsync(app);
        }

        var next = StateMigrations.Latest + 1;
        var withAudit = StateMigrations.All.Append(new StateMigration(next, "audit", "CREATE TABLE audit (id TEXT PRIMARY KEY);")).ToArray();
        await using (var upgraded = await StateStore.OpenAsync(_db.Path, TimeProvider.System, withAudit, default))
        {
            Assert.NotNull(await upgraded.GetAppAsync(app));
        }

        Assert.Equal((long)next, _db.Scalar("PRAGMA user_version;"));
        Assert.Equal(1L, _db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit';"));
    }

    [Fact]
    public async Task A_failing_step_rolls_back_with_its_version()
    {
        await (await StateStore.OpenAsync(_db.Path)).DisposeAsync();
        var next = StateMigrations.Latest + 1;
        var broken = StateMigrations.All.Append(new StateMigration(next, "broken", "CREATE TABLE half (id TEXT); SELECT * FROM no_such_table;")).ToArray();

        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() => StateStore.OpenAsync(_db.Path, TimeProvider.System, broken, default));

        Assert.Equal((long)StateMigrations.Latest, _db.Scalar("PRAGMA user_version;"));
        Assert.Equal(0L, _db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half';"));
    }
}
