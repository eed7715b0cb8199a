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

    /// <summary>
    /// The one check of a presented token, for every caller (the state store, the host's cached
    /// authenticator, the dashboard's sign-in): <paramref name="token"/> (looked up by the id parsed from
    /// the text, null when unknown) matches <paramref name="secret"/> and is usable at <paramref name="now"/>.
    /// </summary>
    /// <returns>The token, or null and why (for the log, never for the caller).</returns>
    public static (TokenRecord? Token, string? Problem) Verify(string id, string secret, TokenRecord? token, DateTimeOffset now) =>
        token is null || !AccessTokenSecret.Matches(secret, token.SecretHash) ? (null, $"no token with id {id} and that secret")
        : token.Unusable(now) is { } problem ? (null, problem)
        : (token, null);

    /// <summary>What <see cref="Verify"/> answers for a text that is not a token at all.</summary>
    public const string NotATokenProblem = "the bearer token does not have the shape strata_<id>_<secret>";

    /// <summary>Why the token cannot be used at <paramref name="now"/>, or null when it can.</summary>
    public string? Unusable(DateTimeOffset now) =>
        RevokedAt is { } revoked ? $"token '{Name}' was revoked at {revoked:u}"
        : ExpiresAt is { } expires && expires <= now ? $"token '{Name}' expired at {expires:u}"
        : null;
}
