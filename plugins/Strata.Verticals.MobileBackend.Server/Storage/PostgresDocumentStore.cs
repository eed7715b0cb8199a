using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>
/// <see cref="IDocumentStore"/> over PostgreSQL (<c>spec.database.provider: postgres</c>, the connection
/// string from the <c>database</c> secret set). The same tables as SQLite, fields as <c>jsonb</c>,
/// declared indexes as expression indexes. Sequence values are not handed out in commit order in
/// PostgreSQL, so every transaction that records a change first takes the change log's lock: change
/// numbers then follow commit order, which the feed's exactly-once, in-order delivery relies on.
/// </summary>
internal sealed partial class PostgresDocumentStore(string connectionString, TimeProvider time) : IDocumentStore
{
    private const string SchemaKey = "schema";
    private const string DocumentColumns = "id, owner, version, created_at, updated_at, data::text";
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    public event Action? Changed;

    /// <inheritdoc />
    public async Task<SchemaMigration> MigrateAsync(AppSchema schema, string specJson, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One migrating server at a time: a transaction-scoped advisory lock, then the tables.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(7312001)", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, Tables, cancellationToken).ConfigureAwait(false);
        var recordedJson = await ScalarAsync(connection, transaction, "SELECT value FROM meta WHERE key = @key", cancellationToken, ("key", SchemaKey)).ConfigureAwait(false) as string;
        AppSchema? recorded = null;
        if (recordedJson is not null)
        {
            using var recordedSpec = JsonDocument.Parse(recordedJson);
            recorded = SchemaReader.ReadValid(recordedSpec.RootElement);
        }

        var plan = SchemaMigration.Plan(recorded, schema);
        if (!plan.Allowed)
        {
            return plan;
        }

        foreach (var (collection, field) in plan.Defaults)
        {
            await ExecuteAsync(
                connection,
                transaction,
                "UPDATE documents SET data = jsonb_set(data, ARRAY[@field], @value::jsonb) WHERE collection = @collection AND (data -> @field IS NULL OR data -> @field = 'null'::jsonb)",
                cancellationToken,
                ("field", field.Name),
                ("value", field.Default!.Value.GetRawText()),
                ("collection", collection.Name)).ConfigureAwait(false);
        }

        foreach (var (collection, index) in plan.DroppedIndexes)
        {
            await ExecuteAsync(connection, transaction, $"DROP INDEX IF EXISTS \"{index.NameIn(collection)}\"", cancellationToken).ConfigureAwait(false);
        }

        foreach (var (collection, index) in plan.NewIndexes)
        {
            // Names and fields come from the validated schema (identifiers only), never from a request.
            var columns = string.Join(", ", index.Fields.Select(f => "(" + Column(schema.Collection(collection)!, f) + ")"));
            await ExecuteAsync(connection, transaction, $"CREATE INDEX IF NOT EXISTS \"{index.NameIn(collection)}\" ON documents (collection, {columns})", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, "INSERT INTO meta(key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", cancellationToken, ("key", SchemaKey), ("value", specJson)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return plan;
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE IF NOT EXISTS users (id text PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL, created_at timestamptz NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_users_email ON users (lower(email));
        CREATE TABLE IF NOT EXISTS refresh_tokens (token_hash text PRIMARY KEY, user_id text NOT NULL, expires_at timestamptz NOT NULL, spent boolean NOT NULL DEFAULT false);
        CREATE TABLE IF NOT EXISTS documents (seq bigserial PRIMARY KEY, collection text NOT NULL, id text NOT NULL, owner text, version bigint NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, data jsonb NOT NULL, UNIQUE (collection, id));
        CREATE INDEX IF NOT EXISTS ix_documents_owner ON documents (collection, owner);
        CREATE TABLE IF NOT EXISTS changes (seq bigserial PRIMARY KEY, collection text NOT NULL, doc_id text NOT NULL, op text NOT NULL, owner text, document text);
        CREATE INDEX IF NOT EXISTS ix_changes_collection ON changes (collection, seq);
        CREATE TABLE IF NOT EXISTS files (id text PRIMARY KEY, owner text NOT NULL, name text NOT NULL, content_type text NOT NULL, size bigint NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS push_outbox (id bigserial PRIMARY KEY, user_id text NOT NULL, title text NOT NULL, body text NOT NULL, data text, attempts int NOT NULL DEFAULT 0, state text NOT NULL DEFAULT 'pending', last_error text, created_at timestamptz NOT NULL);
        """;

    /// <summary>The SQL expression for a field, typed so that comparisons and sorts follow the field's type.</summary>
    private static string Column(CollectionSchema collection, string field) => field switch
    {
        "id" => "id",
        "owner" => "owner",
        "version" => "version",
        "createdAt" => "created_at",
        "updatedAt" => "updated_at",
        _ => collection.Field(field)?.Type switch
        {
            FieldType.Int => $"(data ->> '{field}')::bigint",
            FieldType.Number => $"(data ->> '{field}')::double precision",
            FieldType.Bool => $"(data ->> '{field}')::boolean",
            _ => $"(data ->> '{field}')",
        },
    };

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value },
                DateTimeOffset at => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private static DateTimeOffset At(NpgsqlDataReader reader, int ordinal) => new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    private static StoredDocument ReadDocument(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.GetInt64(2),
        At(reader, 3),
        At(reader, 4),
        JsonNode.Parse(reader.GetString(5))!.AsObject());

    /// <summary>Runs a write in a transaction holding the change log's lock, so change numbers follow commit order.</summary>
    private async Task<bool> WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task<bool>> write, CancellationToken cancellationToken, bool recordsChange = true)
    {
        bool done;
        await using (var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (recordsChange)
            {
                await ExecuteAsync(connection, transaction, "LOCK TABLE changes IN EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);
            }

            done = await write(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (done && recordsChange)
        {
            Changed?.Invoke();
        }

        return done;
    }

    private static Task AddChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string collection, string id, string operation, string? owner, StoredDocument? document, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO changes(collection, doc_id, op, owner, document) VALUES (@collection, @id, @op, @owner, @document)",
            cancellationToken,
            ("collection", collection),
            ("id", id),
            ("op", operation),
            ("owner", owner),
            ("document", document?.ToJson().ToJsonString()));

    private static string NewId() => Guid.CreateVersion7().ToString("N");

    private static StringBuilder Where(CollectionSchema collection, DocumentQuery query, List<(string, object?)> parameters)
    {
        var where = new StringBuilder("collection = @collection");
        parameters.Add(("collection", collection.Name));
        if (query.Owner is not null)
        {
            where.Append(" AND owner = @owner");
            parameters.Add(("owner", query.Owner));
        }

        for (var i = 0; i < query.Filters.Count; i++)
        {
            var filter = query.Filters[i];
            var name = "@f" + i;
            var column = Column(collection, filter.Field);
            if (filter.Field is "createdAt" or "updatedAt")
            {
                column += "::text";
            }

            where.Append(" AND ").Append(filter.Operator switch
            {
                "eq" => $"{column} = {name}",
                "ne" => $"({column} IS NULL OR {column} <> {name})",
                "lt" => $"{column} < {name}",
                "lte" => $"{column} <= {name}",
                "gt" => $"{column} > {name}",
                "gte" => $"{column} >= {name}",
                _ => $"strpos({column}, {name}) > 0",
            });
            parameters.Add((name[1..], filter.Value));
        }

        return where;
    }
}
