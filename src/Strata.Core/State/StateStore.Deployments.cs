using Microsoft.Data.Sqlite;
using Strata.Core.Runtime;

namespace Strata.Core.State;

public sealed partial class StateStore
{
    private const string DeploymentColumns = "id, vertical, app, revision, state, message, started_at, finished_at";

    /// <summary>Records the start of a deployment of <paramref name="revision"/>, in state <see cref="DeploymentState.InProgress"/>.</summary>
    /// <exception cref="StrataException">The app or the revision does not exist.</exception>
    public async Task<DeploymentRecord> StartDeploymentAsync(AppRef app, int revision, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ThrowIfRevisionMissingAsync(connection, transaction, app, revision, ct).ConfigureAwait(false);
        var id = (await connection.ScalarAsync<long?>(
            """
            INSERT INTO deployments (vertical, app, revision, state, started_at)
            VALUES ($vertical, $app, $revision, 'InProgress', $now)
            RETURNING id;
            """,
            transaction, ct, ("$vertical", app.Vertical), ("$app", app.App), ("$revision", revision), ("$now", Now())).ConfigureAwait(false))!.Value;
        var record = await ReadDeploymentAsync(connection, transaction, id, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return record!;
    }

    /// <summary>
    /// Finishes a deployment as <see cref="DeploymentState.Succeeded"/> or <see cref="DeploymentState.Failed"/>.
    /// Success also makes its revision the app's current revision, in the same transaction.
    /// </summary>
    /// <exception cref="StrataException">The deployment does not exist or has already finished.</exception>
    public async Task<DeploymentRecord> CompleteDeploymentAsync(long deploymentId, DeploymentState state, string? message, CancellationToken ct = default)
    {
        if (state is not (DeploymentState.Succeeded or DeploymentState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "a deployment completes as Succeeded or Failed");
        }

        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var existing = await ReadDeploymentAsync(connection, transaction, deploymentId, ct).ConfigureAwait(false)
            ?? throw new StrataException($"deployment {deploymentId} does not exist; list deployments with {nameof(ListDeploymentsAsync)}");
        if (existing.State != DeploymentState.InProgress)
        {
            throw new StrataException($"deployment {deploymentId} already finished as {existing.State}; start a new deployment to roll again");
        }

        await connection.ExecuteAsync(
            "UPDATE deployments SET state = $state, message = $message, finished_at = $now WHERE id = $id;",
            transaction, ct, ("$id", deploymentId), ("$state", state.ToString()), ("$message", message), ("$now", Now())).ConfigureAwait(false);
        if (state == DeploymentState.Succeeded)
        {
            await connection.ExecuteAsync(
                "UPDATE apps SET current_revision = $revision WHERE vertical = $vertical AND name = $name;",
                transaction, ct, ("$vertical", existing.App.Vertical), ("$name", existing.App.App), ("$revision", existing.Revision)).ConfigureAwait(false);
        }

        var record = await ReadDeploymentAsync(connection, transaction, deploymentId, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return record!;
    }

    /// <summary>The app's deployments, newest first; empty when the app is not recorded.</summary>
    public async Task<IReadOnlyList<DeploymentRecord>> ListDeploymentsAsync(AppRef app, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT {DeploymentColumns} FROM deployments WHERE vertical = $vertical AND app = $app ORDER BY id DESC;",
            null, ReadDeployment, ct, ("$vertical", app.Vertical), ("$app", app.App)).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks every deployment still <see cref="DeploymentState.InProgress"/> as <see cref="DeploymentState.Failed"/>
    /// with <paramref name="reason"/>. Call it at host start: a deployment can only be in progress
    /// then because the previous host was killed during its rollout.
    /// </summary>
    /// <returns>How many deployments were marked.</returns>
    public async Task<int> FailInProgressDeploymentsAsync(string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE deployments SET state = 'Failed', message = $reason, finished_at = $now WHERE state = 'InProgress';",
            null, ct, ("$reason", reason), ("$now", Now())).ConfigureAwait(false);
    }

    private static async Task<DeploymentRecord?> ReadDeploymentAsync(SqliteConnection connection, SqliteTransaction? transaction, long id, CancellationToken ct)
    {
        var rows = await connection.QueryAsync(
            $"SELECT {DeploymentColumns} FROM deployments WHERE id = $id;", transaction, ReadDeployment, ct, ("$id", id)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static DeploymentRecord ReadDeployment(SqliteDataReader row) => new(
        row.GetInt64(0),
        new AppRef(row.GetString(1), row.GetString(2)),
        row.GetInt32(3),
        Enum.Parse<DeploymentState>(row.GetString(4)),
        row.GetNullableString(5),
        StateTimestamps.Parse(row.GetString(6)),
        row.IsDBNull(7) ? null : StateTimestamps.Parse(row.GetString(7)));
}
