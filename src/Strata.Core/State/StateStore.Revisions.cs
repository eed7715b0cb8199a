using Microsoft.Data.Sqlite;
using Strata.Core.Runtime;

namespace Strata.Core.State;

public sealed partial class StateStore
{
    private const string RevisionColumns = "vertical, app, number, manifest_yaml, source_hash, artifacts_json, source_path, created_at, image, image_digest";

    /// <summary>Records a revision under the app's next number (1, 2, …); concurrent callers get distinct numbers.</summary>
    /// <exception cref="StrataException">The app does not exist.</exception>
    public async Task<RevisionRecord> AddRevisionAsync(NewRevision revision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ThrowIfInvalid(revision.App);
        ArgumentNullException.ThrowIfNull(revision.ManifestYaml, nameof(revision));
        ArgumentNullException.ThrowIfNull(revision.SourceHash, nameof(revision));
        ArgumentNullException.ThrowIfNull(revision.ArtifactsJson, nameof(revision));

        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        // IMMEDIATE: the write lock is held from reading the last number to inserting the next,
        // so no other writer, in this process or another, can take the same number.
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (!await AppExistsAsync(connection, transaction, revision.App, ct).ConfigureAwait(false))
        {
            throw UnknownApp(revision.App);
        }

        var app = revision.App;
        var number = (int)(await connection.ScalarAsync<long?>(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE vertical = $vertical AND app = $app;",
            transaction, ct, ("$vertical", app.Vertical), ("$app", app.App)).ConfigureAwait(false))!.Value;
        var createdAt = _time.GetUtcNow();
        await connection.ExecuteAsync(
            $"INSERT INTO revisions ({RevisionColumns}) VALUES ($vertical, $app, $number, $manifest, $hash, $artifacts, $sourcePath, $createdAt, $image, $imageDigest);",
            transaction, ct,
            ("$vertical", app.Vertical), ("$app", app.App), ("$number", number), ("$manifest", revision.ManifestYaml),
            ("$hash", revision.SourceHash), ("$artifacts", revision.ArtifactsJson), ("$sourcePath", revision.SourcePath),
            ("$createdAt", StateTimestamps.ToText(createdAt)), ("$image", revision.Image), ("$imageDigest", revision.ImageDigest)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);

        return new RevisionRecord(app, number, revision.ManifestYaml, revision.SourceHash, revision.ArtifactsJson, revision.SourcePath,
            StateTimestamps.Parse(StateTimestamps.ToText(createdAt)))
        {
            Image = revision.Image,
            ImageDigest = revision.ImageDigest,
        };
    }

    /// <summary>
    /// The number <see cref="AddRevisionAsync"/> would give the app's next revision (1 for an app without
    /// one): the image tag of a build in progress. Only a guess when deploys of the app are not serialised.
    /// </summary>
    public async Task<int> NextRevisionNumberAsync(AppRef app, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return (int)(await connection.ScalarAsync<long?>(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE vertical = $vertical AND app = $app;",
            null, ct, ("$vertical", app.Vertical), ("$app", app.App)).ConfigureAwait(false))!.Value;
    }

    /// <summary>The revision, or <see langword="null"/> when the app or the revision is not recorded.</summary>
    public async Task<RevisionRecord?> GetRevisionAsync(AppRef app, int number, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync(
            $"SELECT {RevisionColumns} FROM revisions WHERE vertical = $vertical AND app = $app AND number = $number;",
            null, ReadRevision, ct, ("$vertical", app.Vertical), ("$app", app.App), ("$number", number)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The app's revisions, newest first; empty when the app is not recorded.</summary>
    public async Task<IReadOnlyList<RevisionRecord>> ListRevisionsAsync(AppRef app, CancellationToken ct = default)
    {
        ThrowIfInvalid(app);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await connection.QueryAsync(
            $"SELECT {RevisionColumns} FROM revisions WHERE vertical = $vertical AND app = $app ORDER BY number DESC;",
            null, ReadRevision, ct, ("$vertical", app.Vertical), ("$app", app.App)).ConfigureAwait(false);
    }

    private static async Task ThrowIfRevisionMissingAsync(SqliteConnection connection, SqliteTransaction transaction, AppRef app, int? revision, CancellationToken ct)
    {
        if (!await AppExistsAsync(connection, transaction, app, ct).ConfigureAwait(false))
        {
            throw UnknownApp(app);
        }

        if (revision is { } number && await connection.ScalarAsync<long?>(
                "SELECT 1 FROM revisions WHERE vertical = $vertical AND app = $app AND number = $number;",
                transaction, ct, ("$vertical", app.Vertical), ("$app", app.App), ("$number", number)).ConfigureAwait(false) is null)
        {
            throw new StrataException($"revision {number} of app '{app}' does not exist; add it with {nameof(AddRevisionAsync)}");
        }
    }

    private static RevisionRecord ReadRevision(SqliteDataReader row) => new(
        new AppRef(row.GetString(0), row.GetString(1)),
        row.GetInt32(2),
        row.GetString(3),
        row.GetString(4),
        row.GetString(5),
        row.GetNullableString(6),
        StateTimestamps.Parse(row.GetString(7)))
    {
        Image = row.GetNullableString(8),
        ImageDigest = row.GetNullableString(9),
    };
}
