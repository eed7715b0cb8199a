namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>A user of the app.</summary>
/// <param name="Id">The user id (the token's subject, the owner of their documents).</param>
/// <param name="Email">The sign-in name.</param>
/// <param name="PasswordHash">The KDF output (ASP.NET Core Identity's PBKDF2 format); never logged or returned.</param>
/// <param name="CreatedAt">When the user signed up.</param>
internal sealed record UserRecord(string Id, string Email, string PasswordHash, DateTimeOffset CreatedAt);
