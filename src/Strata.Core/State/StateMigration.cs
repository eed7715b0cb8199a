namespace Strata.Core.State;

/// <summary>One step of the state schema; <paramref name="Version"/> becomes <c>PRAGMA user_version</c> once applied.</summary>
internal sealed record StateMigration(int Version, string Description, string Sql);
