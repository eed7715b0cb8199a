using System.Text.Json;
using Microsoft.Data.Sqlite;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>
/// <see cref="IDocumentStore"/> over one SQLite file (WAL) in the app's volume. Documents of every
/// collection share one table, their fields as JSON; a declared index is an expression index on
/// <c>json_extract</c>, so adding a field or an index rewrites no table. Writes are serialised in
/// this process (SQLite has one writer), and the busy timeout covers a second process on the same
/// file while a new revision takes over.
/// </summary>
internal sealed partial class SqliteDocumentStore : IDocumentStore
{
    private const string SchemaKey = "schema";
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly TimeProvider _time;

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/>.</summary>
    public SqliteDocumentStore(string path, TimeProvider time)
    {
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <inheritdoc />
    public async Task<SchemaMigration> MigrateAsync(AppSchema schema, string specJson, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, Tables, cancellationToken).ConfigureAwait(false);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // IMMEDIATE: takes the write lock now, so two processes starting at once plan against the same recorded schema.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var recordedJson = await ScalarAsync(connection, transaction, "SELECT value FROM meta WHERE key = $key", cancellationToken, ("$key", SchemaKey)).ConfigureAwait(false) as string;
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
                    "UPDATE documents SET data = json_set(data, $path, json($value)) WHERE collection = $collection AND (json_type(data, $path) IS NULL OR json_type(data, $path) = 'null')",
                    cancellationToken,
                    ("$path", "$." + field.Name),
                    ("$value", field.Default!.Value.GetRawText()),
                    ("$collection", collection.Name)).ConfigureAwait(false);
            }

            foreach (var (collection, index) in plan.DroppedIndexes)
            {
                await ExecuteAsync(connection, transaction, $"DROP INDEX IF EXISTS \"{index.NameIn(collection)}\"", cancellationToken).ConfigureAwait(false);
            }

            foreach (var (collection, index) in plan.NewIndexes)
            {
                // Names and fields come from the validated schema (identifiers only), never from a request.
                var columns = string.Join(", ", index.Fields.Select(Column));
                await ExecuteAsync(connection, transaction, $"CREATE INDEX IF NOT EXISTS \"{index.NameIn(collection)}\" ON documents(collection, {columns})", cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, "INSERT INTO meta(key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value", cancellationToken, ("$key", SchemaKey), ("$value", specJson)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return plan;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS refresh_tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at TEXT NOT NULL, spent INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS documents (seq INTEGER PRIMARY KEY AUTOINCREMENT, collection TEXT NOT NULL, id TEXT NOT NULL, owner TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (collection, id));
        CREATE INDEX IF NOT EXISTS ix_documents_owner ON documents(collection, owner);
        CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, collection TEXT NOT NULL, doc_id TEXT NOT NULL, op TEXT NOT NULL, owner TEXT, document TEXT);
        CREATE INDEX IF NOT EXISTS ix_changes_collection ON changes(collection, seq);
        CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS push_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, data TEXT, attempts INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'pending', last_error TEXT, created_at TEXT NOT NULL);
        """;

    /// <summary>The SQL expression for a field: a column for the fields every document has, the JSON value otherwise.</summary>
    private static string Column(string field) => field switch
    {
        "id" => "id",
        "owner" => "owner",
        "version" => "version",
        "createdAt" => "created_at",
        "updatedAt" => "updated_at",
        _ => $"json_extract(data, '$.{field}')",
    };

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private string Now() => _time.GetUtcNow().ToString("O");

    private static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
}
