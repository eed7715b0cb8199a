using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Strata.Verticals.MobileBackend.Schema;
using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Auth;

/// <summary>
/// Issues and checks the app's tokens: short-lived JWT access tokens (HS256, issuer and audience the
/// app) and opaque refresh tokens, stored by their SHA-256 only and spent on use (rotation).
/// </summary>
internal sealed class TokenService(byte[] key, string app, AppSchema schema, TimeProvider time)
{
    /// <summary>How long an access token is valid.</summary>
    public static TimeSpan AccessLifetime { get; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token is valid.</summary>
    public static TimeSpan RefreshLifetime { get; } = TimeSpan.FromDays(30);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SymmetricSecurityKey _key = new(key);

    /// <summary>A new access token for <paramref name="user"/>.</summary>
    public string AccessToken(UserRecord user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = app,
            Audience = app,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + AccessLifetime,
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = user.Id, [JwtRegisteredClaimNames.Email] = user.Email },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A new refresh token (to give the client) and its hash (to store).</summary>
    public static (string Token, string Hash) RefreshToken()
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (token, HashOf(token));
    }

    /// <summary>The stored form of a refresh token.</summary>
    public static string HashOf(string refreshToken) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    /// <summary>The caller an access token names, or null when it is not valid (bad signature, expired, another app's).</summary>
    public async Task<Caller?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = app,
            ValidAudience = app,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } end && now < end.AddSeconds(30) && (notBefore is null || now >= notBefore.Value.AddSeconds(-30));
            },
        }).ConfigureAwait(false);
        if (!result.IsValid || result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { } id)
        {
            return null;
        }

        var email = result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Email)?.Value ?? result.ClaimsIdentity.FindFirst(ClaimTypes.Email)?.Value ?? "";
        return new Caller(id, email, schema.RolesOf(email));
    }
}
