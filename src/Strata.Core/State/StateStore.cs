using Microsoft.Data.Sqlite;
using Strata.Core.Runtime;

namespace Strata.Core.State;

/// <summary>
/// The host's durable state: apps, revisions, deployments and plugins, in one SQLite database in
/// WAL mode. Every operation uses its own pooled connection, so one store may be shared by all
/// callers, and several stores (or hosts) may open the same file.
/// </summary>
public sealed partial class StateStore : IAsyncDisposable
{
    // Long enough to ride out a concurrent writer; a control plane's transactions are short.
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private bool _disposed;

    private StateStore(string databasePath, string connectionString, TimeProvider time)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        _time = time;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens the database at <paramref name="databasePath"/>, creating its folder, the file and the
    /// schema as needed, and migrating an older schema to the current one.
    /// </summary>
    /// <exception cref="StrataException">The file was written by a newer Strata (its schema version is unknown).</exception>
    public static Task<StateStore> OpenAsync(string databasePath, CancellationToken ct = default) =>
        OpenAsync(databasePath, TimeProvider.System, ct);

    /// <summary>Opens the database as <see cref="OpenAsync(string, CancellationToken)"/> does, taking time from <paramref name="timeProvider"/>.</summary>
    /// <exception cref="StrataException">The file was written by a newer Strata (its schema version is unknown).</exception>
    public static Task<StateStore> OpenAsync(string databasePath, TimeProvider timeProvider, CancellationToken ct = default) =>
        OpenAsync(databasePath, timeProvider, StateMigrations.All, ct);

    internal static async Task<StateStore> OpenAsync(string databasePath, TimeProvider timeProvider, IReadOnlyList<StateMigration> migrations, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();

        var store = new StateStore(fullPath, connectionString, timeProvider);
        try
        {
            await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
            // WAL is a property of the file, so setting it once is enough; readers then never
            // block the writer. Synchronous stays FULL (the default): a commit survives power
            // loss, not just a killed host, and a control plane writes rarely.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;", null, ct).ConfigureAwait(false);
            await StateSchema.MigrateAsync(connection, fullPath, migrations, ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases the pooled connections to the file, so it can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // Both are per connection; set them on every open, because a pooled connection may
            // have been opened by a store with other settings.
            await connection.ExecuteAsync($"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", null, ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private string Now() => StateTimestamps.ToText(_time.GetUtcNow());

    private static void ThrowIfInvalid(AppRef app)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app.Vertical, nameof(app));
        ArgumentException.ThrowIfNullOrWhiteSpace(app.App, nameof(app));
    }

    private static StrataException UnknownApp(AppRef app) =>
        new($"app '{app}' does not exist; create it with {nameof(EnsureAppAsync)}");

    private static async Task<bool> AppExistsAsync(SqliteConnection connection, SqliteTransaction transaction, AppRef app, CancellationToken ct) =>
        await connection.ScalarAsync<long?>(
            "SELECT 1 FROM apps WHERE vertical = $vertical AND name = $name;",
            transaction, ct, ("$vertical", app.Vertical), ("$name", app.App)).ConfigureAwait(false) is not null;
}
