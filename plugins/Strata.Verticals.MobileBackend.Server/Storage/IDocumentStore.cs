using System.Text.Json.Nodes;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>
/// The app's database: users, documents with their change log, file metadata and the push outbox.
/// SQLite in the app's volume (<see cref="SqliteDocumentStore"/>) on Local; the same interface
/// would take PostgreSQL. Every write of a document and its change record is one transaction, and
/// change sequence numbers follow commit order.
/// </summary>
internal interface IDocumentStore : IDisposable
{
    /// <summary>Raised after a document change is committed, so change feeds in this process look at once instead of at their next poll.</summary>
    event Action? Changed;

    /// <summary>
    /// Creates the tables when missing and moves the data to <paramref name="schema"/>, recording
    /// <paramref name="specJson"/> (the spec it was read from) as the database's schema. A plan with
    /// refusals changes nothing.
    /// </summary>
    Task<SchemaMigration> MigrateAsync(AppSchema schema, string specJson, CancellationToken cancellationToken);

    /// <summary>Adds a user; null when the e-mail address is taken.</summary>
    Task<UserRecord?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken);

    /// <summary>The user with <paramref name="email"/> (case-insensitive), or null.</summary>
    Task<UserRecord?> FindUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>The user with <paramref name="id"/>, or null.</summary>
    Task<UserRecord?> FindUserAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records a refresh token by its hash.</summary>
    Task AddRefreshTokenAsync(string tokenHash, string userId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Spends a refresh token (each works once): its user id, or null when unknown, spent or expired.</summary>
    Task<string?> SpendRefreshTokenAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds a document and its <c>create</c> change.</summary>
    Task<StoredDocument> InsertAsync(string collection, string? owner, JsonObject data, CancellationToken cancellationToken);

    /// <summary>The document, or null.</summary>
    Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken cancellationToken);

    /// <summary>Replaces a document's fields and records an <c>update</c>; null when it is gone or its version is not <paramref name="expectedVersion"/>.</summary>
    Task<StoredDocument?> ReplaceAsync(string collection, string id, JsonObject data, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes a document and records a <c>delete</c>; false when it was not there.</summary>
    Task<bool> DeleteAsync(string collection, string id, CancellationToken cancellationToken);

    /// <summary>Runs a query.</summary>
    Task<QueryPage> QueryAsync(CollectionSchema collection, DocumentQuery query, CancellationToken cancellationToken);

    /// <summary>The changes of <paramref name="collection"/> after <paramref name="afterSequence"/>, oldest first; only <paramref name="owner"/>'s when set.</summary>
    Task<IReadOnlyList<ChangeRecord>> ChangesAsync(string collection, long afterSequence, string? owner, int limit, CancellationToken cancellationToken);

    /// <summary>The sequence number of the newest change of any collection (0 when there is none).</summary>
    Task<long> LatestSequenceAsync(CancellationToken cancellationToken);

    /// <summary>Records an uploaded file.</summary>
    Task AddFileAsync(FileRecord file, CancellationToken cancellationToken);

    /// <summary>A file's metadata, or null.</summary>
    Task<FileRecord?> GetFileAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes a file's record; false when it was not there.</summary>
    Task<bool> DeleteFileAsync(string id, CancellationToken cancellationToken);

    /// <summary>Puts a notification in the outbox and returns its number.</summary>
    Task<long> EnqueuePushAsync(string userId, string title, string body, string? data, CancellationToken cancellationToken);

    /// <summary>Notifications waiting for delivery, oldest first.</summary>
    Task<IReadOnlyList<PushMessage>> PendingPushAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Records a delivery attempt.</summary>
    Task RecordPushAttemptAsync(long id, string state, string? error, CancellationToken cancellationToken);

    /// <summary>The outbox entries for <paramref name="userId"/>, newest first.</summary>
    Task<IReadOnlyList<PushMessage>> PushForUserAsync(string userId, CancellationToken cancellationToken);
}
