namespace Strata.Verticals.MobileBackend.Server.Storage;

internal sealed partial class PostgresDocumentStore
{
    /// <inheritdoc />
    public async Task<UserRecord?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken)
    {
        var user = new UserRecord(NewId(), email, passwordHash, time.GetUtcNow());
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var added = await ExecuteAsync(
            connection,
            null,
            "INSERT INTO users(id, email, password_hash, created_at) VALUES (@id, @email, @hash, @at) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("id", user.Id),
            ("email", email),
            ("hash", passwordHash),
            ("at", user.CreatedAt)).ConfigureAwait(false);
        return added == 1 ? user : null;
    }

    /// <inheritdoc />
    public Task<UserRecord?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        FindUserWhereAsync("lower(email) = lower(@value)", email, cancellationToken);

    /// <inheritdoc />
    public Task<UserRecord?> FindUserAsync(string id, CancellationToken cancellationToken) =>
        FindUserWhereAsync("id = @value", id, cancellationToken);

    /// <inheritdoc />
    public async Task AddRefreshTokenAsync(string tokenHash, string userId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "INSERT INTO refresh_tokens(token_hash, user_id, expires_at) VALUES (@hash, @user, @expires)", cancellationToken, ("hash", tokenHash), ("user", userId), ("expires", expiresAt)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> SpendRefreshTokenAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarAsync(
            connection,
            null,
            "UPDATE refresh_tokens SET spent = true WHERE token_hash = @hash AND NOT spent AND expires_at > @now RETURNING user_id",
            cancellationToken,
            ("hash", tokenHash),
            ("now", now)).ConfigureAwait(false) as string;
    }

    private async Task<UserRecord?> FindUserWhereAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT id, email, password_hash, created_at FROM users WHERE {where}", ("value", value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UserRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), At(reader, 3))
            : null;
    }
}
