using Microsoft.Data.Sqlite;

namespace Strata.Core.State;

/// <summary>Brings a state database up to <see cref="StateMigrations.Latest"/>, one step per transaction.</summary>
internal static class StateSchema
{
    public static async Task MigrateAsync(SqliteConnection connection, string databasePath, IReadOnlyList<StateMigration> migrations, CancellationToken ct)
    {
        var latest = migrations[^1].Version;
        ThrowIfFromTheFuture(await ReadVersionAsync(connection, null, ct).ConfigureAwait(false), latest, databasePath);

        foreach (var migration in migrations)
        {
            // IMMEDIATE takes the write lock before the version is read, so two hosts (or two
            // stores) opening a fresh file at once apply each step exactly once.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var version = await ReadVersionAsync(connection, transaction, ct).ConfigureAwait(false);
            ThrowIfFromTheFuture(version, latest, databasePath);
            if (version >= migration.Version)
            {
                continue;
            }

            await connection.ExecuteAsync(migration.Sql, transaction, ct).ConfigureAwait(false);
            // user_version lives in the database header, which the transaction journals: the step
            // and its version commit together or not at all. PRAGMA takes no parameters.
            await connection.ExecuteAsync($"PRAGMA user_version = {migration.Version};", transaction, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    public static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct) =>
        (int)(await connection.ScalarAsync<long?>("PRAGMA user_version;", transaction, ct).ConfigureAwait(false) ?? 0);

    private static void ThrowIfFromTheFuture(int version, int latest, string databasePath)
    {
        if (version > latest)
        {
            throw new StrataException(
                $"state database '{databasePath}' has schema version {version}, but this Strata knows versions up to {latest}; " +
                "it was written by a newer Strata. Upgrade Strata, or point the host at another data directory.",
                databasePath);
        }
    }
}
