using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>Picks the <see cref="IDocumentStore"/> for the app's <c>spec.database</c>.</summary>
internal static class StoreFactory
{
    /// <summary>The SQLite file's name in the data folder.</summary>
    public const string SqliteFile = "mobile.db";

    /// <summary>The store for <paramref name="schema"/>'s database.</summary>
    public static IDocumentStore Create(AppSchema schema, ServerSettings settings) => schema.Database.Provider switch
    {
        DatabaseSettings.Sqlite => new SqliteDocumentStore(Path.Combine(settings.DataDirectory, SqliteFile), TimeProvider.System),
        _ => new PostgresDocumentStore(
            settings.DatabaseConnection is { Length: > 0 } connection
                ? connection
                : throw new InvalidOperationException($"spec.database.provider is postgres but {ServerSettings.DatabaseVariable} is not set: the vertical maps it from the 'database' secret set."),
            TimeProvider.System),
    };
}
