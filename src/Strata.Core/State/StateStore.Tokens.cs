using Microsoft.Data.Sqlite;
using Strata.Core.Auth;

namespace Strata.Core.State;

public sealed partial class StateStore
{
    private const string TokenColumns = "id, name, secret_hash, scopes, created_at, expires_at, revoked_at";

    /// <summary>
    /// Creates a token and returns its record and its text; the text is not kept anywhere, so the caller
    /// shows it once.
    /// </summary>
    /// <exception cref="StrataException">A token of that name exists, or it has no scope.</exception>
    public async Task<(TokenRecord Token, string Text)> CreateTokenAsync(
        string name, IReadOnlyList<TokenScope> scopes, DateTimeOffset? expiresAt, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scopes);
        if (scopes.Count == 0)
        {
            throw new StrataException($"token '{name}' needs at least one scope (e.g. functions:deploy, *:read, admin)", "scopes");
        }

        var (id, text, hash) = AccessTokenSecret.Create();
        var created = _time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                $"INSERT INTO tokens ({TokenColumns}) VALUES ($id, $name, $hash, $scopes, $created, $expires, NULL);",
                null, ct,
                ("$id", id), ("$name", name), ("$hash", hash), ("$scopes", string.Join(' ', scopes)),
                ("$created", StateTimestamps.ToText(created)), ("$expires", expiresAt is { } e ? StateTimestamps.ToText(e) : null)).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new StrataException($"a token named '{name}' exists; choose another name or revoke that one first", "name");
        }

        var record = new TokenRecord(id, name, [.. scopes], StateTimestamps.Parse(StateTimestamps.ToText(created)),
            expiresAt is { } x ? StateTimestamps.Parse(StateTimestamps.ToText(x)) : null, null) { SecretHash = hash };
        return (record, text);
    }

    /// <summary>The token with that id, revoked or not; null when there is none.</summary>
    public async Task<TokenRecord?> GetTokenAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync($"SELECT {TokenColumns} FROM tokens WHERE id = $id;", null, ReadToken, ct, ("$id", id)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Every token, by name.</summary>
    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {TokenColumns} FROM tokens ORDER BY name;", null, ReadToken, ct).ConfigureAwait(false);
    }

    /// <summary>Revokes the token of that name; false when there is none or it was revoked already.</summary>
    public async Task<bool> RevokeTokenAsync(string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE tokens SET revoked_at = $now WHERE name = $name AND revoked_at IS NULL;",
            null, ct, ("$now", Now()), ("$name", name)).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// The token <paramref name="text"/> stands for, when it is well-formed, known, its secret matches, and
    /// it is neither revoked nor expired; otherwise null and why (for the log, never for the caller: a 401
    /// says no more than "not a valid token").
    /// </summary>
    public async Task<(TokenRecord? Token, string? Problem)> AuthenticateAsync(string? text, CancellationToken ct = default)
    {
        if (!AccessTokenSecret.TryParse(text, out var id, out var secret))
        {
            return (null, TokenRecord.NotATokenProblem);
        }

        return TokenRecord.Verify(id, secret, await GetTokenAsync(id, ct).ConfigureAwait(false), _time.GetUtcNow());
    }

    private static TokenRecord ReadToken(SqliteDataReader row)
    {
        var scopes = new List<TokenScope>();
        foreach (var text in row.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // A scope the store holds was checked when written; one this version cannot read allows nothing.
            if (TokenScope.TryParse(text, out var scope, out _))
            {
                scopes.Add(scope);
            }
        }

        return new TokenRecord(
            row.GetString(0), row.GetString(1), scopes, StateTimestamps.Parse(row.GetString(4)),
            row.IsDBNull(5) ? null : StateTimestamps.Parse(row.GetString(5)),
            row.IsDBNull(6) ? null : StateTimestamps.Parse(row.GetString(6)))
        {
            SecretHash = row.GetString(2),
        };
    }
}
