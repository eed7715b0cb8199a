using System.Security.Claims;
using Strata.Core.Auth;

namespace Strata.Server.Auth;

/// <summary>
/// Names of the host's bearer-token authentication: its scheme and the claims a token's principal carries.
/// </summary>
public static class StrataAuth
{
    /// <summary>The authentication scheme of <c>Authorization: Bearer strata_…</c>.</summary>
    public const string Scheme = "StrataToken";

    /// <summary>The claim that holds the token's id.</summary>
    public const string TokenIdClaim = "strata:token-id";

    /// <summary>The claim that holds one scope (<see cref="TokenScope.ToString"/>); a principal has one per scope.</summary>
    public const string ScopeClaim = "strata:scope";

    /// <summary>The principal of an authenticated token: its id, name and scopes.</summary>
    public static ClaimsPrincipal PrincipalOf(TokenRecord token, string scheme)
    {
        ArgumentNullException.ThrowIfNull(token);
        var claims = new List<Claim> { new(TokenIdClaim, token.Id), new(ClaimTypes.Name, token.Name) };
        claims.AddRange(token.Scopes.Select(s => new Claim(ScopeClaim, s.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, null));
    }

    /// <summary>The scopes a principal carries (none when it is not a token's).</summary>
    public static IReadOnlyList<TokenScope> ScopesOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scopes = new List<TokenScope>();
        foreach (var claim in user.FindAll(ScopeClaim))
        {
            if (TokenScope.TryParse(claim.Value, out var scope, out _))
            {
                scopes.Add(scope);
            }
        }

        return scopes;
    }

    /// <summary>True when the principal may do <paramref name="action"/> on <paramref name="vertical"/> (null: the host itself).</summary>
    public static bool Allows(ClaimsPrincipal user, string? vertical, string action) => ScopesOf(user).Any(s => s.Allows(vertical, action));

    /// <summary>True when the principal may do <paramref name="action"/> on at least one vertical.</summary>
    public static bool AllowsSomewhere(ClaimsPrincipal user, string action) =>
        ScopesOf(user).Any(s => s.Action == "*" || s.Action == action);
}
