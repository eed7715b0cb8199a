using Microsoft.Data.Sqlite;

namespace Strata.Core.State;

public sealed partial class StateStore
{
    private const string PluginColumns = "name, version, contract_version, path, state, reason, package_hash, source, updated_at";

    /// <summary>Records the plugin, replacing any record of the same name.</summary>
    public async Task UpsertPluginAsync(PluginRecord plugin, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentException.ThrowIfNullOrWhiteSpace(plugin.Name, nameof(plugin));
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO plugins ({PluginColumns})
            VALUES ($name, $version, $contractVersion, $path, $state, $reason, $packageHash, $source, $updatedAt)
            ON CONFLICT (name) DO UPDATE SET
                version = excluded.version, contract_version = excluded.contract_version, path = excluded.path,
                state = excluded.state, reason = excluded.reason, package_hash = excluded.package_hash,
                source = excluded.source, updated_at = excluded.updated_at;
            """,
            null, ct,
            ("$name", plugin.Name), ("$version", plugin.Version), ("$contractVersion", plugin.ContractVersion), ("$path", plugin.Path),
            ("$state", plugin.State), ("$reason", plugin.Reason), ("$packageHash", plugin.PackageHash), ("$source", plugin.Source),
            ("$updatedAt", StateTimestamps.ToText(plugin.UpdatedAt))).ConfigureAwait(false);
    }

    /// <summary>All recorded plugins, ordered by name.</summary>
    public async Task<IReadOnlyList<PluginRecord>> ListPluginsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {PluginColumns} FROM plugins ORDER BY name;", null, ReadPlugin, ct).ConfigureAwait(false);
    }

    /// <summary>Forgets the plugin; <see langword="false"/> when it was not recorded.</summary>
    public async Task<bool> DeletePluginAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM plugins WHERE name = $name;", null, ct, ("$name", name)).ConfigureAwait(false) > 0;
    }

    private static PluginRecord ReadPlugin(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.GetString(4),
        row.GetNullableString(5),
        StateTimestamps.Parse(row.GetString(8)))
    {
        PackageHash = row.GetNullableString(6),
        Source = row.GetNullableString(7),
    };
}
