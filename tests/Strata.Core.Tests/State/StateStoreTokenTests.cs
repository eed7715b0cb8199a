using Strata.Core.Auth;

namespace Strata.Core.State;

public sealed class StateStoreTokenTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private StateStore _store = null!;

    public async Task InitializeAsync() => _store = await StateStore.OpenAsync(_db.Path, _time);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _db.Dispose();
    }

    private static TokenScope[] Scopes(params string[] texts) =>
        [.. texts.Select(t => TokenScope.TryParse(t, out var s, out var p) ? s : throw new ArgumentException(p))];

    [Fact]
    public async Task A_created_token_authenticates_with_its_scopes_and_only_its_hash_is_stored()
    {
        var (token, text) = await _store.CreateTokenAsync("ci", Scopes("functions:deploy", "*:read"), expiresAt: null);

        var (found, problem) = await _store.AuthenticateAsync(text);

        Assert.Null(problem);
        Assert.Equal(token.Id, found!.Id);
        Assert.Equal(["functions:deploy", "*:read"], found.Scopes.Select(s => s.ToString()));
        Assert.True(found.Allows("functions", "deploy"));
        Assert.False(found.Allows("functions", "delete"));
        AccessTokenSecret.TryParse(text, out _, out var secret);
        Assert.Equal(0L, _db.Scalar($"SELECT count(*) FROM tokens WHERE secret_hash LIKE '%{secret}%' OR scopes LIKE '%{secret}%';"));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM tokens;"));
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_id_and_a_malformed_text_do_not_authenticate()
    {
        var (token, text) = await _store.CreateTokenAsync("ci", Scopes("admin"), expiresAt: null);
        var wrongSecret = text[..^4] + (text.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var (_, other) = AccessTokenSecret.Create() is var made ? (made.Id, made.Text) : default;

        Assert.Contains("no token with id " + token.Id, (await _store.AuthenticateAsync(wrongSecret)).Problem, StringComparison.Ordinal);
        Assert.Contains("no token with id", (await _store.AuthenticateAsync(other)).Problem, StringComparison.Ordinal);
        Assert.Contains("shape", (await _store.AuthenticateAsync("hunter2")).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_or_expired_token_stops_working_and_says_when()
    {
        var (_, revoked) = await _store.CreateTokenAsync("old", Scopes("admin"), expiresAt: null);
        var (_, expiring) = await _store.CreateTokenAsync("short", Scopes("*:read"), _time.Now.AddHours(1));

        Assert.True(await _store.RevokeTokenAsync("old"));
        Assert.False(await _store.RevokeTokenAsync("old"));
        Assert.False(await _store.RevokeTokenAsync("never-made"));
        Assert.Null((await _store.AuthenticateAsync(expiring)).Problem);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Contains("token 'old' was revoked at", (await _store.AuthenticateAsync(revoked)).Problem, StringComparison.Ordinal);
        Assert.Contains("token 'short' expired at 2026-11-24 13:00:00Z", (await _store.AuthenticateAsync(expiring)).Problem, StringComparison.Ordinal);
        Assert.Equal(["old", "short"], (await _store.ListTokensAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task Names_are_unique_and_a_token_needs_a_scope()
    {
        await _store.CreateTokenAsync("ci", Scopes("admin"), expiresAt: null);

        var duplicate = await Assert.ThrowsAsync<StrataException>(() => _store.CreateTokenAsync("ci", Scopes("*:read"), null));
        var empty = await Assert.ThrowsAsync<StrataException>(() => _store.CreateTokenAsync("none", [], null));

        Assert.Contains("a token named 'ci' exists", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal("scopes", empty.Path);
    }

    [Fact]
    public async Task Tokens_survive_reopening_the_file()
    {
        var (_, text) = await _store.CreateTokenAsync("ci", Scopes("functions:deploy"), expiresAt: null);
        await _store.DisposeAsync();
        _store = await StateStore.OpenAsync(_db.Path, _time);

        Assert.Equal("ci", (await _store.AuthenticateAsync(text)).Token?.Name);
    }
}
