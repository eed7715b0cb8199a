using Microsoft.Data.Sqlite;
using Strata.Core.Runtime;

namespace Strata.Core.State;

public sealed partial class StateStore
{
    private const string AppColumns = "vertical, name, created_at, current_revision, runtime";

    /// <summary>Records <paramref name="app"/> if it is not recorded yet, and returns it either way.</summary>
    public async Task<AppRecord> EnsureAppAsync(AppRef app, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync(
            "INSERT INTO apps (vertical, name, created_at) VALUES ($vertical, $name, $now) ON CONFLICT DO NOTHING;",
            transaction, ct, ("$vertical", app.Vertical), ("$name", app.App), ("$now", Now())).ConfigureAwait(false);
        var record = await ReadAppAsync(connection, transaction, app, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return record!;
    }

    /// <summary>The app, or <see langword="null"/> when it is not recorded.</summary>
    public async Task<AppRecord?> GetAppAsync(AppRef app, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await ReadAppAsync(connection, null, app, ct).ConfigureAwait(false);
    }

    /// <summary>All apps, or the apps of one <paramref name="vertical"/>, ordered by vertical then name.</summary>
    public async Task<IReadOnlyList<AppRecord>> ListAppsAsync(string? vertical = null, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT {AppColumns} FROM apps WHERE $vertical IS NULL OR vertical = $vertical ORDER BY vertical, name;",
            null, ReadApp, ct, ("$vertical", vertical)).ConfigureAwait(false);
    }

    /// <summary>The apps called <paramref name="name"/> in any vertical, ordered by vertical; lets a CLI resolve a bare app name.</summary>
    public async Task<IReadOnlyList<AppRecord>> FindAppsByNameAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT {AppColumns} FROM apps WHERE name = $name ORDER BY vertical;",
            null, ReadApp, ct, ("$name", name)).ConfigureAwait(false);
    }

    /// <summary>Deletes the app with its revisions and deployments; <see langword="false"/> when it was not recorded.</summary>
    public async Task<bool> DeleteAppAsync(AppRef app, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(
            "DELETE FROM apps WHERE vertical = $vertical AND name = $name;",
            null, ct, ("$vertical", app.Vertical), ("$name", app.App)).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>Sets (or, with <see langword="null"/>, clears) the app's current revision.</summary>
    /// <exception cref="StrataException">The app or the revision does not exist.</exception>
    public async Task SetCurrentRevisionAsync(AppRef app, int? revision, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ThrowIfRevisionMissingAsync(connection, transaction, app, revision, ct).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE apps SET current_revision = $revision WHERE vertical = $vertical AND name = $name;",
            transaction, ct, ("$vertical", app.Vertical), ("$name", app.App), ("$revision", revision)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Records which runtime runs the app (<c>local</c> or <c>kubernetes</c>).</summary>
    /// <returns><see langword="false"/> when the app is not recorded.</returns>
    public async Task<bool> SetAppRuntimeAsync(AppRef app, string runtime, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        ArgumentException.ThrowIfNullOrEmpty(runtime);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(
            "UPDATE apps SET runtime = $runtime WHERE vertical = $vertical AND name = $name;",
            null, ct, ("$vertical", app.Vertical), ("$name", app.App), ("$runtime", runtime)).ConfigureAwait(false);
        return updated > 0;
    }

    private static async Task<AppRecord?> ReadAppAsync(SqliteConnection connection, SqliteTransaction? transaction, AppRef app, CancellationToken ct)
    {
        var rows = await connection.QueryAsync(
            $"SELECT {AppColumns} FROM apps WHERE vertical = $vertical AND name = $name;",
            transaction, ReadApp, ct, ("$vertical", app.Vertical), ("$name", app.App)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static AppRecord ReadApp(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        StateTimestamps.Parse(row.GetString(2)),
        row.IsDBNull(3) ? null : row.GetInt32(3))
    {
        Runtime = row.GetString(4),
    };
}
