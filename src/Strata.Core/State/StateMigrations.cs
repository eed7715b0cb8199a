namespace Strata.Core.State;

/// <summary>
/// The state schema, as an ordered list of steps. Never edit a step that has shipped: a host that
/// already applied it would not see the change. Add a step with the next version instead.
/// </summary>
internal static class StateMigrations
{
    public static IReadOnlyList<StateMigration> All { get; } =
    [
        new(1, "apps, revisions, deployments, plugins", """
            CREATE TABLE apps (
                vertical         TEXT    NOT NULL,
                name             TEXT    NOT NULL,
                created_at       TEXT    NOT NULL,
                current_revision INTEGER NULL,
                PRIMARY KEY (vertical, name),
                FOREIGN KEY (vertical, name, current_revision) REFERENCES revisions (vertical, app, number)
            );

            CREATE TABLE revisions (
                vertical       TEXT    NOT NULL,
                app            TEXT    NOT NULL,
                number         INTEGER NOT NULL CHECK (number > 0),
                manifest_yaml  TEXT    NOT NULL,
                source_hash    TEXT    NOT NULL,
                artifacts_json TEXT    NOT NULL,
                source_path    TEXT    NULL,
                created_at     TEXT    NOT NULL,
                PRIMARY KEY (vertical, app, number),
                FOREIGN KEY (vertical, app) REFERENCES apps (vertical, name) ON DELETE CASCADE
            );

            -- A revision is what a rollback returns to; it must read back exactly as it was built.
            CREATE TRIGGER revisions_are_immutable BEFORE UPDATE ON revisions
            BEGIN
                SELECT RAISE(ABORT, 'revisions are immutable');
            END;

            -- AUTOINCREMENT so that an id seen in a log never names a later deployment.
            CREATE TABLE deployments (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                vertical    TEXT    NOT NULL,
                app         TEXT    NOT NULL,
                revision    INTEGER NOT NULL,
                state       TEXT    NOT NULL CHECK (state IN ('InProgress', 'Succeeded', 'Failed')),
                message     TEXT    NULL,
                started_at  TEXT    NOT NULL,
                finished_at TEXT    NULL,
                FOREIGN KEY (vertical, app, revision) REFERENCES revisions (vertical, app, number) ON DELETE CASCADE
            );

            CREATE INDEX deployments_by_app ON deployments (vertical, app, id);
            CREATE INDEX deployments_in_progress ON deployments (state) WHERE state = 'InProgress';

            CREATE TABLE plugins (
                name             TEXT NOT NULL PRIMARY KEY,
                version          TEXT NOT NULL,
                contract_version TEXT NOT NULL,
                path             TEXT NOT NULL,
                state            TEXT NOT NULL,
                reason           TEXT NULL,
                package_hash     TEXT NULL,
                source           TEXT NULL,
                updated_at       TEXT NOT NULL
            );
            """),
        new(2, "the image of a revision", """
            -- The image the publish-image step pushed for the revision's default artifact, by tag and
            -- by digest (what runtimes pull). Null for revisions built without a registry.
            ALTER TABLE revisions ADD COLUMN image        TEXT NULL;
            ALTER TABLE revisions ADD COLUMN image_digest TEXT NULL CHECK (image_digest IS NULL OR image_digest LIKE 'sha256:%');
            """),
        new(3, "the runtime of an app", """
            -- Which runtime runs the app's revisions: 'local' (the embedded default; every app recorded before
            -- this step ran there) or 'kubernetes'. Status, logs, rollback and delete go to it.
            ALTER TABLE apps ADD COLUMN runtime TEXT NOT NULL DEFAULT 'local' CHECK (runtime IN ('local', 'kubernetes'));
            """),
        new(4, "bearer tokens", """
            -- The control API's bearer tokens: the SHA-256 of each secret, never the secret; scopes as
            -- space-separated <vertical>:<action> or admin. Revoked tokens stay, so a list says when.
            CREATE TABLE tokens (
                id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 16),
                name        TEXT NOT NULL UNIQUE,
                secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64),
                scopes      TEXT NOT NULL,
                created_at  TEXT NOT NULL,
                expires_at  TEXT NULL,
                revoked_at  TEXT NULL
            );
            """),
    ];

    public static int Latest => All[^1].Version;
}
