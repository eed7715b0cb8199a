namespace Strata.Core.Auth;

/// <summary>A bearer token as the state store keeps it: never its secret, only the secret's hash.</summary>
/// <param name="Id">The public id, the middle part of the token's text.</param>
/// <param name="Name">What the token is for (<c>ci-deploy</c>), unique among tokens.</param>
/// <param name="Scopes">What it allows.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working; null: never.</param>
/// <param name="RevokedAt">When it was revoked; null: not revoked.</param>
public sealed record TokenRecord(
    string Id, string Name, IReadOnlyList<TokenScope> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    /// <summary>The SHA-256 of the secret (<see cref="AccessTokenSecret.Hash"/>).</summary>
    public string SecretHash { get; init; } = "";

    /// <summary>True when one of the scopes allows <paramref name="action"/> on <paramref name="vertical"/>.</summary>
    public bool Allows(string? vertical, string action) => Scopes.Any(s => s.Allows(vertical, action));

    /// <summary>Why the token cannot be used at <paramref name="now"/>, or null when it can.</summary>
    public string? Unusable(DateTimeOffset now) =>
        RevokedAt is { } revoked ? $"token '{Name}' was revoked at {revoked:u}"
        : ExpiresAt is { } expires && expires <= now ? $"token '{Name}' expired at {expires:u}"
        : null;
}
