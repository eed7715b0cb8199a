namespace Strata.Verticals.MobileBackend.Server.Auth;

/// <summary>Reads the caller from a request's <c>Authorization: Bearer</c> header.</summary>
internal static class CallerResolver
{
    /// <summary>
    /// The caller: anonymous without a header; a problem (401) for a header that is not a valid token,
    /// so an expired token is never silently treated as anonymous.
    /// </summary>
    public static async Task<(Caller? Caller, IResult? Problem)> ResolveAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return (Caller.Anonymous, null);
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Unauthorized("The Authorization header must be 'Bearer <access token>'."));
        }

        var tokens = context.RequestServices.GetRequiredService<TokenService>();
        var caller = await tokens.ValidateAsync(header["Bearer ".Length..].Trim()).ConfigureAwait(false);
        return caller is null
            ? (null, Problems.Unauthorized("The access token is not valid or has expired; sign in again or use /auth/refresh."))
            : (caller, null);
    }
}
