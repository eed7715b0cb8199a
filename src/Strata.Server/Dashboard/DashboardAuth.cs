using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Core.Auth;
using Strata.Core.State;

namespace Strata.Server.Dashboard;

/// <summary>
/// The dashboard's session: a cookie made from a bearer token a person pasted (or brought in a login link),
/// holding the token's id, name and scopes. The token is looked up again on every request, so revoking it
/// or letting it expire ends the session at once.
/// </summary>
internal static class DashboardAuth
{
    /// <summary>The cookie authentication scheme, and the authorization policy that names it.</summary>
    public const string Scheme = "StrataDashboard";

    /// <summary>The claim that carries the token's id (the bearer scheme's).</summary>
    public const string TokenIdClaim = Auth.StrataAuth.TokenIdClaim;

    /// <summary>The query flag the login page reads to say that a session ended.</summary>
    public const string EndedQuery = "ended";

    private static readonly object TokenKey = new();

    /// <summary>The principal of a session for <paramref name="token"/>.</summary>
    public static ClaimsPrincipal Principal(TokenRecord token) => Auth.StrataAuth.PrincipalOf(token, Scheme);

    /// <summary>
    /// The token of the signed-in person: the record read for this request when the session was checked,
    /// else one made from the cookie's claims.
    /// </summary>
    public static TokenRecord Viewer(HttpContext context)
    {
        if (context.Items.TryGetValue(TokenKey, out var fresh) && fresh is TokenRecord token)
        {
            return token;
        }

        var user = context.User;
        return new TokenRecord(user.FindFirstValue(TokenIdClaim) ?? "", user.Identity?.Name ?? "", Auth.StrataAuth.ScopesOf(user), default, null, null);
    }

    /// <summary>Sets up the cookie: HttpOnly, SameSite=Strict, scoped to <c>/dashboard</c>, checked against the state store on each request.</summary>
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = ".Strata.Dashboard";
        options.Cookie.Path = DashboardPaths.Root;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = DashboardPaths.Login;
        options.LogoutPath = DashboardPaths.Logout;
        options.AccessDeniedPath = DashboardPaths.Login;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = ValidateAsync,
            OnRedirectToLogin = RedirectToLoginAsync,
        };
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var id = context.Principal?.FindFirstValue(TokenIdClaim);
        var token = id is null ? null : await services.GetRequiredService<StateStore>().GetTokenAsync(id, context.HttpContext.RequestAborted).ConfigureAwait(false);
        var problem = token is null ? "its token no longer exists" : token.Unusable(TimeProvider.System.GetUtcNow());
        if (problem is null)
        {
            context.HttpContext.Items[TokenKey] = token;
            return;
        }

        DashboardLog.SessionEnded(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardAuth)), token?.Name ?? id ?? "?", problem);
        context.HttpContext.Items[EndedQuery] = true;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme).ConfigureAwait(false);
    }

    private static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = context.HttpContext.Items.ContainsKey(EndedQuery)
            ? QueryStringAppend(context.RedirectUri, EndedQuery, "1")
            : context.RedirectUri;
        if (IsScriptRequest(context.Request))
        {
            // The page's scripts poll; they get a status to act on, not a login page to parse.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.Location = target;
            return Task.CompletedTask;
        }

        context.Response.Redirect(target);
        return Task.CompletedTask;
    }

    /// <summary>A request from the dashboard's own script (it says so in a header), or an event stream.</summary>
    public static bool IsScriptRequest(HttpRequest request) =>
        request.Headers["X-Strata-Dashboard"] == "1" || request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal);

    private static string QueryStringAppend(string uri, string name, string value) =>
        uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + value;
}
