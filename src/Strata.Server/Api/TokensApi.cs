using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Naming;
using Strata.Core.State;
using Strata.Server.Auth;
using Strata.Validation;

namespace Strata.Server.Api;

/// <summary>
/// <c>/api/tokens</c>: create (the text is answered once), list and revoke bearer tokens — an admin's
/// business — and <c>/api/tokens/current</c>: what the caller's own token is and may do.
/// </summary>
internal static class TokensApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tokens").WithTags("tokens");
        group.MapGet("/", ListAsync).RequireScope(TokenScope.Administer, ScopeTarget.Host).WithSummary("Lists the tokens (never their secrets).");
        group.MapPost("/", CreateAsync).RequireScope(TokenScope.Administer, ScopeTarget.Host)
            .WithSummary("Creates a token with scopes (<vertical>:<action>, *:read, admin) and an optional expiry; its text is in this answer only.");
        group.MapDelete("/{name}", RevokeAsync).RequireScope(TokenScope.Administer, ScopeTarget.Host).WithSummary("Revokes a token: it stops working at once.");
        group.MapGet("/current", CurrentAsync).WithSummary("The caller's own token: its name, scopes and expiry.");
    }

    private static async Task<IReadOnlyList<TokenInfo>> ListAsync(StateStore state, TimeProvider time, CancellationToken ct)
        => [.. (await state.ListTokensAsync(ct).ConfigureAwait(false)).Select(t => ToInfo(t, time.GetUtcNow()))];

    private static async Task<IResult> CreateAsync(HttpRequest request, StateStore state, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<TokenCreateRequest>(request, ct).ConfigureAwait(false);
        var problems = new List<ValidationProblem>();
        if (StrataNames.CheckDnsLabel(body.Name) is { } nameProblem)
        {
            problems.Add(new ValidationProblem("name", nameProblem));
        }

        var scopes = new List<TokenScope>();
        if (body.Scopes is not { Count: > 0 })
        {
            problems.Add(new ValidationProblem("scopes", "is required: one or more of <vertical>:<action> (actions: " + string.Join(", ", TokenScope.Actions) + "), *:<action>, admin."));
        }
        else
        {
            for (var i = 0; i < body.Scopes.Count; i++)
            {
                if (TokenScope.TryParse(body.Scopes[i], out var scope, out var problem))
                {
                    scopes.Add(scope);
                }
                else
                {
                    problems.Add(new ValidationProblem($"scopes[{i}]", problem));
                }
            }
        }

        var now = time.GetUtcNow();
        var expiresAt = body.ExpiresAt;
        if (body.ExpiresIn is { } expiresIn)
        {
            if (expiresAt is not null)
            {
                problems.Add(new ValidationProblem("expiresIn", "give expiresAt or expiresIn, not both."));
            }
            else if (ParseDuration(expiresIn) is { } duration)
            {
                expiresAt = now + duration;
            }
            else
            {
                problems.Add(new ValidationProblem("expiresIn", $"'{expiresIn}' is not a duration; write a whole number of minutes, hours or days from 1 to 3650 days (90m, 12h, 30d)."));
            }
        }
        else if (expiresAt is { } at && at <= now)
        {
            problems.Add(new ValidationProblem("expiresAt", $"{at:u} is not in the future."));
        }

        if (problems.Count > 0)
        {
            throw ApiException.Invalid("Cannot create the token", problems);
        }

        try
        {
            var (token, text) = await state.CreateTokenAsync(body.Name!, scopes, expiresAt, ct).ConfigureAwait(false);
            return Results.Created($"/api/tokens/{token.Name}", new TokenCreatedResponse(ToInfo(token, now), text));
        }
        catch (StrataException ex) when (ex.Path == "name")
        {
            throw new ApiException(StatusCodes.Status409Conflict, "Token exists", ex.Message);
        }
    }

    private static async Task<IResult> RevokeAsync(string name, StateStore state, TokenAuthenticator tokens, CancellationToken ct)
    {
        var token = (await state.ListTokensAsync(ct).ConfigureAwait(false)).FirstOrDefault(t => t.Name == name)
            ?? throw ApiException.NotFound($"No token named '{name}'. List tokens with GET /api/tokens.");
        await state.RevokeTokenAsync(name, ct).ConfigureAwait(false);
        tokens.Forget(token.Id);
        return Results.NoContent();
    }

    private static async Task<TokenInfo> CurrentAsync(HttpContext context, StateStore state, TimeProvider time, CancellationToken ct)
    {
        var id = context.User.FindFirst(StrataAuth.TokenIdClaim)?.Value;
        var token = id is null ? null : await state.GetTokenAsync(id, ct).ConfigureAwait(false);
        return token is null ? throw ApiException.NotFound("The caller's token is not in the state store.") : ToInfo(token, time.GetUtcNow());
    }

    internal static TimeSpan? ParseDuration(string text)
    {
        var value = text.Trim();
        if (value.Length < 2 || !int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return null;
        }

        TimeSpan? duration = value[^1] switch
        {
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            _ => null,
        };
        return duration is { } d && d <= TimeSpan.FromDays(3650) ? d : null;
    }

    private static TokenInfo ToInfo(TokenRecord token, DateTimeOffset now) => new(
        token.Id, token.Name, [.. token.Scopes.Select(s => s.ToString())], token.CreatedAt, token.ExpiresAt, token.RevokedAt,
        token.RevokedAt is not null ? "revoked" : token.ExpiresAt is { } e && e <= now ? "expired" : "active");
}
