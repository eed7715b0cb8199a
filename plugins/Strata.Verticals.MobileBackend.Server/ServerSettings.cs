namespace Strata.Verticals.MobileBackend.Server;

/// <summary>
/// What the server reads from its environment, as the vertical's mapping sets it:
/// <c>STRATA_APP</c>, <c>STRATA_MOBILE_SCHEMA</c> (the app's spec as JSON; <c>mobile.json</c> in the working
/// directory by default), <c>STRATA_VOLUME_DATA</c> (the app's data folder), <c>STRATA_MOBILE_SIGNING_KEY</c>
/// and <c>STRATA_MOBILE_DATABASE</c> (from secret sets).
/// </summary>
/// <param name="App">The app name: the tokens' issuer and audience.</param>
/// <param name="SchemaPath">The app's spec as JSON.</param>
/// <param name="DataDirectory">The folder for the SQLite database, uploads and the made signing key.</param>
/// <param name="SigningKey">The signing key from a secret set, or null to use (and make) the one in the data folder.</param>
/// <param name="DatabaseConnection">The PostgreSQL connection string from a secret set, or null.</param>
internal sealed record ServerSettings(string App, string SchemaPath, string DataDirectory, string? SigningKey, string? DatabaseConnection)
{
    /// <summary>The variable naming the schema file.</summary>
    public const string SchemaVariable = "STRATA_MOBILE_SCHEMA";

    /// <summary>The variable of the data volume.</summary>
    public const string DataVariable = "STRATA_VOLUME_DATA";

    /// <summary>The variable of the PostgreSQL connection string.</summary>
    public const string DatabaseVariable = "STRATA_MOBILE_DATABASE";

    /// <summary>Reads the settings; throws naming the variable when one is missing.</summary>
    public static ServerSettings FromEnvironment()
    {
        var data = Environment.GetEnvironmentVariable(DataVariable);
        if (string.IsNullOrEmpty(data))
        {
            throw new InvalidOperationException($"{DataVariable} is not set: the mobile backend keeps its data in the app's 'data' volume, which the vertical's mapping mounts.");
        }

        Directory.CreateDirectory(data);
        return new ServerSettings(
            Environment.GetEnvironmentVariable("STRATA_APP") is { Length: > 0 } app ? app : "mobile-app",
            Path.GetFullPath(Environment.GetEnvironmentVariable(SchemaVariable) is { Length: > 0 } schema ? schema : "mobile.json"),
            Path.GetFullPath(data),
            Environment.GetEnvironmentVariable(Auth.SigningKey.Variable),
            Environment.GetEnvironmentVariable(DatabaseVariable));
    }
}
