using System.Net.Mail;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Auth;

/// <summary>
/// <c>/auth</c>: sign-up, sign-in, refresh and who-am-I. Passwords are hashed with ASP.NET Core
/// Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, HMAC-SHA512, salted); a wrong e-mail
/// address and a wrong password get the same answer.
/// </summary>
internal static class AuthEndpoints
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    private static readonly PasswordHasher<UserRecord> Hasher = new();

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/signup", (Delegate)SignUpAsync);
        app.MapPost("/auth/signin", (Delegate)SignInAsync);
        app.MapPost("/auth/refresh", (Delegate)RefreshAsync);
        app.MapGet("/auth/me", (Delegate)MeAsync);
    }

    private static async Task<IResult> SignUpAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<(string, string)>();
        var email = JsonBody.String(body!, "email");
        var password = JsonBody.String(body!, "password");
        if (email is null || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            errors.Add(("email", "must be an e-mail address."));
        }

        if (password is null || password.Length < MinPasswordLength)
        {
            errors.Add(("password", $"must be a string of at least {MinPasswordLength} characters."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("The sign-up is invalid.", errors);
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var hash = Hasher.HashPassword(null!, password!);
        var user = await store.CreateUserAsync(email!, hash, context.RequestAborted).ConfigureAwait(false);
        return user is null
            ? Problems.Conflict($"A user with the e-mail address '{email}' exists; sign in instead.")
            : Results.Json(await SessionAsync(context, user).ConfigureAwait(false), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> SignInAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var email = JsonBody.String(body!, "email");
        var password = JsonBody.String(body!, "password");
        if (email is null || password is null)
        {
            return Problems.Invalid("The sign-in is invalid.", [.. new[] { ("email", email), ("password", password) }.Where(p => p.Item2 is null).Select(p => (p.Item1, "is required (a string)."))]);
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var user = await store.FindUserByEmailAsync(email, context.RequestAborted).ConfigureAwait(false);
        if (user is null || Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return Problems.Unauthorized("The e-mail address or the password is wrong.");
        }

        return Results.Json(await SessionAsync(context, user).ConfigureAwait(false));
    }

    private static async Task<IResult> RefreshAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (JsonBody.String(body!, "refreshToken") is not { } token)
        {
            return Problems.Invalid("refreshToken", "is required: the refresh token of the last sign-in or refresh.");
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var userId = await store.SpendRefreshTokenAsync(TokenService.HashOf(token), time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        var user = userId is null ? null : await store.FindUserAsync(userId, context.RequestAborted).ConfigureAwait(false);
        return user is null
            ? Problems.Unauthorized("The refresh token is unknown, used or expired; sign in again.")
            : Results.Json(await SessionAsync(context, user).ConfigureAwait(false));
    }

    private static async Task<IResult> MeAsync(HttpContext context)
    {
        var (caller, problem) = await CallerResolver.ResolveAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return caller!.IsSignedIn
            ? Results.Json(new JsonObject { ["id"] = caller.UserId, ["email"] = caller.Email, ["roles"] = new JsonArray([.. caller.Roles.Select(r => JsonValue.Create(r))]) })
            : Problems.Unauthorized("Send an access token: Authorization: Bearer <token>.");
    }

    private static async Task<JsonObject> SessionAsync(HttpContext context, UserRecord user)
    {
        var tokens = context.RequestServices.GetRequiredService<TokenService>();
        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var (refresh, hash) = TokenService.RefreshToken();
        await store.AddRefreshTokenAsync(hash, user.Id, time.GetUtcNow() + TokenService.RefreshLifetime, context.RequestAborted).ConfigureAwait(false);
        return new JsonObject
        {
            ["userId"] = user.Id,
            ["email"] = user.Email,
            ["accessToken"] = tokens.AccessToken(user),
            ["tokenType"] = "Bearer",
            ["expiresIn"] = (int)TokenService.AccessLifetime.TotalSeconds,
            ["refreshToken"] = refresh,
        };
    }
}
