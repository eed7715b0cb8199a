using System.Text.Json.Nodes;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Server.Storage;

internal sealed partial class PostgresDocumentStore
{
    /// <inheritdoc />
    public async Task<StoredDocument> InsertAsync(string collection, string? owner, JsonObject data, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var document = new StoredDocument(NewId(), owner, 1, now, now, data);
        await WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO documents(collection, id, owner, version, created_at, updated_at, data) VALUES (@collection, @id, @owner, 1, @at, @at, @data::jsonb)",
                    cancellationToken,
                    ("collection", collection),
                    ("id", document.Id),
                    ("owner", owner),
                    ("at", now),
                    ("data", data.ToJsonString())).ConfigureAwait(false);
                await AddChangeAsync(connection, transaction, collection, document.Id, "create", owner, document, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return document;
    }

    /// <inheritdoc />
    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {DocumentColumns} FROM documents WHERE collection = @collection AND id = @id", ("collection", collection), ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDocument(reader) : null;
    }

    /// <inheritdoc />
    public async Task<StoredDocument?> ReplaceAsync(string collection, string id, JsonObject data, long expectedVersion, CancellationToken cancellationToken)
    {
        StoredDocument? updated = null;
        await WriteAsync(
            async (connection, transaction) =>
            {
                await using (var command = Command(
                    connection,
                    transaction,
                    $"UPDATE documents SET data = @data::jsonb, version = version + 1, updated_at = @at WHERE collection = @collection AND id = @id AND version = @version RETURNING {DocumentColumns}",
                    ("data", data.ToJsonString()),
                    ("at", time.GetUtcNow()),
                    ("collection", collection),
                    ("id", id),
                    ("version", expectedVersion)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    updated = ReadDocument(reader);
                }

                await AddChangeAsync(connection, transaction, collection, id, "update", updated.Owner, updated, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string collection, string id, CancellationToken cancellationToken) =>
        await WriteAsync(
            async (connection, transaction) =>
            {
                var owner = await ScalarAsync(connection, transaction, "DELETE FROM documents WHERE collection = @collection AND id = @id RETURNING coalesce(owner, '')", cancellationToken, ("collection", collection), ("id", id)).ConfigureAwait(false);
                if (owner is not string ownerId)
                {
                    return false;
                }

                await AddChangeAsync(connection, transaction, collection, id, "delete", ownerId.Length == 0 ? null : ownerId, null, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<QueryPage> QueryAsync(CollectionSchema collection, DocumentQuery query, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object?)>();
        var where = Where(collection, query, parameters);
        var order = string.Join(", ", query.Sort.Select(s => Column(collection, s.Field) + (s.Descending ? " DESC NULLS LAST" : " ASC NULLS FIRST")).Append("seq ASC"));
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var total = (long)(await ScalarAsync(connection, null, $"SELECT count(*) FROM documents WHERE {where}", cancellationToken, [.. parameters]).ConfigureAwait(false))!;
        parameters.Add(("limit", query.Limit));
        parameters.Add(("offset", query.Offset));
        await using var command = Command(connection, null, $"SELECT {DocumentColumns} FROM documents WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset", [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<StoredDocument>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadDocument(reader));
        }

        return new QueryPage(items, total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChangeRecord>> ChangesAsync(string collection, long afterSequence, string? owner, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            null,
            "SELECT seq, doc_id, op, owner, document FROM changes WHERE collection = @collection AND seq > @after AND (@owner::text IS NULL OR owner = @owner::text) ORDER BY seq LIMIT @limit",
            ("collection", collection),
            ("after", afterSequence),
            ("owner", owner),
            ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<ChangeRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Add(new ChangeRecord(
                reader.GetInt64(0),
                collection,
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : JsonNode.Parse(reader.GetString(4))!.AsObject()));
        }

        return changes;
    }

    /// <inheritdoc />
    public async Task<long> LatestSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await ScalarAsync(connection, null, "SELECT coalesce(max(seq), 0) FROM changes", cancellationToken).ConfigureAwait(false))!;
    }
}
