namespace Strata.Verticals.MobileBackend.Server.Storage;

internal sealed partial class SqliteDocumentStore
{
    /// <inheritdoc />
    public async Task<UserRecord?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken)
    {
        var user = new UserRecord(NewId(), email, passwordHash, _time.GetUtcNow());
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var added = await ExecuteAsync(
                connection,
                null,
                "INSERT INTO users(id, email, password_hash, created_at) VALUES ($id, $email, $hash, $at) ON CONFLICT(email) DO NOTHING",
                cancellationToken,
                ("$id", user.Id),
                ("$email", email),
                ("$hash", passwordHash),
                ("$at", user.CreatedAt.ToString("O"))).ConfigureAwait(false);
            return added == 1 ? user : null;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public Task<UserRecord?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        FindUserWhereAsync("email = $value", email, cancellationToken);

    /// <inheritdoc />
    public Task<UserRecord?> FindUserAsync(string id, CancellationToken cancellationToken) =>
        FindUserWhereAsync("id = $value", id, cancellationToken);

    /// <inheritdoc />
    public async Task AddRefreshTokenAsync(string tokenHash, string userId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "INSERT INTO refresh_tokens(token_hash, user_id, expires_at) VALUES ($hash, $user, $expires)", cancellationToken, ("$hash", tokenHash), ("$user", userId), ("$expires", expiresAt.ToString("O"))).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public async Task<string?> SpendRefreshTokenAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One statement marks it spent and returns its user, so a token replayed in parallel works once.
            return await ScalarAsync(
                connection,
                null,
                "UPDATE refresh_tokens SET spent = 1 WHERE token_hash = $hash AND spent = 0 AND expires_at > $now RETURNING user_id",
                cancellationToken,
                ("$hash", tokenHash),
                ("$now", now.ToString("O"))).ConfigureAwait(false) as string;
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<UserRecord?> FindUserWhereAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT id, email, password_hash, created_at FROM users WHERE {where}", ("$value", value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UserRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), Time(reader.GetString(3)))
            : null;
    }

    private static string NewId() => Guid.CreateVersion7().ToString("N");
}
