namespace Strata.Verticals.MobileBackend.Server.Auth;

/// <summary>Who sent a request: a signed-in user (from a valid access token) or nobody.</summary>
/// <param name="UserId">The user id; null for an anonymous caller.</param>
/// <param name="Email">The user's e-mail address.</param>
/// <param name="Roles">The roles the app's spec gives the user.</param>
internal sealed record Caller(string? UserId, string? Email, IReadOnlyList<string> Roles)
{
    /// <summary>An anonymous caller.</summary>
    public static Caller Anonymous { get; } = new(null, null, []);

    /// <summary>True for a signed-in user.</summary>
    public bool IsSignedIn => UserId is not null;
}
