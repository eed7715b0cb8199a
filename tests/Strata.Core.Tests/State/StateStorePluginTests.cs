namespace Strata.Core.State;

public sealed class StateStorePluginTests : IAsyncLifetime
{
    private static readonly DateTimeOffset When = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(-5));
    private readonly TempDatabase _db = new();
    private StateStore _store = null!;

    public async Task InitializeAsync() => _store = await StateStore.OpenAsync(_db.Path);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task Plugins_round_trip_with_every_field_and_list_by_name()
    {
        var simulation = new PluginRecord("Strata.Verticals.Simulation", "1.2.0", "1.0", "/data/plugins/sim", "Loaded", null, When)
        {
            PackageHash = "sha512:xyz",
            Source = "https://feed.example/v3/index.json",
        };
        var functions = new PluginRecord("Strata.Verticals.Functions", "0.1.0", "1.0", "/data/plugins/fn", "Failed", "contract 2.0 is not supported", When.AddDays(1));

        await _store.UpsertPluginAsync(simulation);
        await _store.UpsertPluginAsync(functions);

        Assert.Equal([functions, simulation], await _store.ListPluginsAsync());
    }

    [Fact]
    public async Task Upsert_replaces_every_field_of_the_same_name()
    {
        var old = new PluginRecord("Strata.Verticals.Functions", "0.1.0", "1.0", "/a", "Failed", "why", When) { PackageHash = "h1", Source = "s1" };
        var updated = new PluginRecord("Strata.Verticals.Functions", "0.2.0", "1.1", "/b", "Loaded", null, When.AddHours(1));

        await _store.UpsertPluginAsync(old);
        await _store.UpsertPluginAsync(updated);

        Assert.Equal([updated], await _store.ListPluginsAsync());
    }

    [Fact]
    public async Task Delete_forgets_the_plugin()
    {
        await _store.UpsertPluginAsync(new PluginRecord("a", "1", "1", "/a", "Loaded", null, When));
        await _store.UpsertPluginAsync(new PluginRecord("b", "1", "1", "/b", "Loaded", null, When));

        Assert.True(await _store.DeletePluginAsync("a"));
        Assert.False(await _store.DeletePluginAsync("a"));

        Assert.Equal(["b"], (await _store.ListPluginsAsync()).Select(p => p.Name));
    }
}
