namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>
/// Where the app's data lives (<c>spec.database</c>): <c>sqlite</c> (the default), a file in the app's
/// <c>data</c> volume; or <c>postgres</c> with a connection string, which the mapping hands the server
/// through a secret set, never through plain environment or logs.
/// </summary>
/// <param name="Provider"><c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="ConnectionString">The PostgreSQL connection string, for <c>postgres</c>.</param>
internal sealed record DatabaseSettings(string Provider, string? ConnectionString = null)
{
    /// <summary>The SQLite provider name.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The PostgreSQL provider name.</summary>
    public const string Postgres = "postgres";

    /// <summary>SQLite in the app's volume.</summary>
    public static DatabaseSettings Default { get; } = new(Sqlite);
}
