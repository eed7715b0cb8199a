namespace Strata.Verticals.MobileBackend.Server.Storage;

internal sealed partial class PostgresDocumentStore
{
    /// <inheritdoc />
    public async Task AddFileAsync(FileRecord file, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            null,
            "INSERT INTO files(id, owner, name, content_type, size, created_at) VALUES (@id, @owner, @name, @type, @size, @at)",
            cancellationToken,
            ("id", file.Id),
            ("owner", file.Owner),
            ("name", file.Name),
            ("type", file.ContentType),
            ("size", file.Size),
            ("at", file.CreatedAt)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FileRecord?> GetFileAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT id, owner, name, content_type, size, created_at FROM files WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new FileRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), At(reader, 5))
            : null;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteFileAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, "DELETE FROM files WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<long> EnqueuePushAsync(string userId, string title, string body, string? data, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await ScalarAsync(
            connection,
            null,
            "INSERT INTO push_outbox(user_id, title, body, data, created_at) VALUES (@user, @title, @body, @data, @at) RETURNING id",
            cancellationToken,
            ("user", userId),
            ("title", title),
            ("body", body),
            ("data", data),
            ("at", time.GetUtcNow())).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PushMessage>> PendingPushAsync(int limit, CancellationToken cancellationToken) =>
        ReadPushAsync("state = 'pending' ORDER BY id LIMIT @value", limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PushMessage>> PushForUserAsync(string userId, CancellationToken cancellationToken) =>
        ReadPushAsync("user_id = @value ORDER BY id DESC LIMIT 100", userId, cancellationToken);

    /// <inheritdoc />
    public async Task RecordPushAttemptAsync(long id, string state, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "UPDATE push_outbox SET attempts = attempts + 1, state = @state, last_error = @error WHERE id = @id", cancellationToken, ("state", state), ("error", error), ("id", id)).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PushMessage>> ReadPushAsync(string where, object value, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT id, user_id, title, body, data, attempts, state, last_error FROM push_outbox WHERE {where}", ("value", value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var messages = new List<PushMessage>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new PushMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return messages;
    }
}
