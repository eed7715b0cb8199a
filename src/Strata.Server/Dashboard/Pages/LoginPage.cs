using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Core.Auth;
using Strata.Server.Auth;

namespace Strata.Server.Dashboard.Pages;

/// <summary>
/// <c>/dashboard/login</c>: a person pastes a bearer token, or opens a login link <c>/dashboard/login?t=&lt;token&gt;</c>
/// (as the Aspire dashboard does) that signs in and redirects to a URL without the token.
/// </summary>
internal static class LoginPage
{
    private const string TokenField = "token";

    /// <summary><c>GET /dashboard/login[?t=&lt;token&gt;][&amp;ReturnUrl=...][&amp;ended=1]</c>.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, TokenAuthenticator tokens, ILoggerFactory logs)
    {
        // The token must not stay in the history or leak to the next page as a referrer.
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        var returnUrl = LocalReturnUrl(context.Request.Query["ReturnUrl"]);
        if (context.Request.Query["t"] is { Count: > 0 } link)
        {
            return await SignInAsync(context, tokens, logs, link.ToString(), returnUrl).ConfigureAwait(false);
        }

        var ended = context.Request.Query.ContainsKey(DashboardAuth.EndedQuery);
        return Form(context, returnUrl, ended ? Notice("Your session ended: its token was revoked or has expired. Sign in with a valid token.") : Markup.Empty);
    }

    /// <summary><c>POST /dashboard/login</c> with the form's <c>token</c>.</summary>
    public static async Task<IResult> PostAsync(HttpContext context, TokenAuthenticator tokens, IAntiforgery antiforgery, ILoggerFactory logs)
    {
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var returnUrl = LocalReturnUrl(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Form(context, returnUrl, Notice("The form expired; paste the token again."), StatusCodes.Status400BadRequest);
        }

        return await SignInAsync(context, tokens, logs, form[TokenField].ToString(), returnUrl).ConfigureAwait(false);
    }

    /// <summary><c>POST /dashboard/logout</c>: ends the session (the token itself stays valid).</summary>
    public static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return DashboardLayout.Page(context, "Not signed out", Html.Of($"""<div class="notice error">The form expired; reload the page and sign out again.</div>"""), StatusCodes.Status400BadRequest);
        }

        await context.SignOutAsync(DashboardAuth.Scheme).ConfigureAwait(false);
        return Results.Redirect(DashboardPaths.Login, permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, TokenAuthenticator tokens, ILoggerFactory logs, string text, string returnUrl)
    {
        var logger = logs.CreateLogger(typeof(LoginPage));
        text = text.Trim();
        if (text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            text = text["Bearer ".Length..].Trim();
        }

        var (token, problem) = await tokens.AuthenticateAsync(text, context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            DashboardLog.SignInRefused(logger, problem ?? "unknown");
            // Why exactly stays in the log: the page says only what the person can act on.
            var message = AccessTokenSecret.TryParse(text, out _, out _)
                ? "This token was not accepted: it is unknown, revoked or expired. Ask an administrator for a valid one."
                : "That is not a Strata token. A token looks like strata_<16 hex digits>_<43 letters, digits, - or _>; paste it whole, as it was printed when it was created.";
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"strata\"";
            return Form(context, returnUrl, Notice(message), StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(DashboardAuth.Scheme, DashboardAuth.Principal(token), new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
        DashboardLog.SignedIn(logger, token.Name);
        // 303: the next request is a GET of an address without the token in it.
        context.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(returnUrl, permanent: false, preserveMethod: false);
    }

    private static IResult Form(HttpContext context, string returnUrl, Markup notice, int status = StatusCodes.Status200OK)
    {
        var body = Html.Of($"""
            <div class="login card">
              <h1>Sign in to Strata</h1>
              {notice}
              <form method="post" action="{DashboardPaths.Login}">
                {DashboardLayout.Field(context)}
                <input type="hidden" name="returnUrl" value="{returnUrl}">
                <label for="token">Access token</label>
                <textarea id="token" name="{TokenField}" rows="3" required autocomplete="off" spellcheck="false" placeholder="strata_0123456789abcdef_..."></textarea>
                <p class="hint">Paste a bearer token of this host, the whole <code>strata_…</code> text. What you see depends on the token's scopes.</p>
                <button type="submit">Sign in</button>
              </form>
            </div>
            """);
        return DashboardLayout.Bare(context, "Sign in", body, status);
    }

    private static Markup Notice(string message) => Html.Of($"""<div class="notice error" role="alert">{message}</div>""");

    /// <summary>A dashboard address to go back to; anything else (another site, the login page itself) is the overview.</summary>
    internal static string LocalReturnUrl(string? url) =>
        url is { Length: > 0 }
        && (url == DashboardPaths.Root || url.StartsWith(DashboardPaths.Root + "/", StringComparison.Ordinal) || url.StartsWith(DashboardPaths.Root + "?", StringComparison.Ordinal))
        && !url.StartsWith(DashboardPaths.Login, StringComparison.Ordinal)
        && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
        && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : DashboardPaths.Root;
}
