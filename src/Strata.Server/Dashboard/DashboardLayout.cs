using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Core.Auth;

namespace Strata.Server.Dashboard;

/// <summary>The frame of every dashboard page: head, navigation, who is signed in, and the headers that keep it to itself.</summary>
internal static class DashboardLayout
{
    /// <summary>Only the host's own stylesheet and script; no inline script or style, no framing, forms post only here.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>A whole page for a signed-in person.</summary>
    public static IResult Page(HttpContext context, string title, Markup body, int status = StatusCodes.Status200OK)
    {
        var viewer = DashboardAuth.Viewer(context);
        var csrf = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var header = Html.Of($"""
            <header class="top">
              <a class="brand" href="{DashboardPaths.Root}">Strata</a>
              <nav><a href="{DashboardPaths.Root}">Overview</a><a href="{DashboardPaths.Apps()}">Apps</a></nav>
              <span class="who" data-token="{viewer.Name}">{viewer.Name} · {string.Join(" ", viewer.Scopes.Select(s => s.ToString()))}</span>
              <form method="post" action="{DashboardPaths.Logout}">{Field(csrf)}<button class="quiet" type="submit">Sign out</button></form>
            </header>
            """);
        return Document(context, title, Html.Of($"{header}<main>{body}</main>"), status, csrf);
    }

    /// <summary>A page without navigation (the login page).</summary>
    public static IResult Bare(HttpContext context, string title, Markup body, int status = StatusCodes.Status200OK) =>
        Document(context, title, Html.Of($"<main>{body}</main>"), status, csrf: null);

    /// <summary>A piece of a page that the page's script puts in place (no frame).</summary>
    public static IResult Fragment(HttpContext context, Markup body)
    {
        Secure(context.Response);
        return Results.Content(body.Value, "text/html; charset=utf-8");
    }

    /// <summary>The hidden form field that carries the antiforgery token.</summary>
    public static Markup Field(AntiforgeryTokenSet csrf) =>
        Html.Of($"""<input type="hidden" name="{csrf.FormFieldName}" value="{csrf.RequestToken}">""");

    /// <summary>The antiforgery field for a form of this request.</summary>
    public static Markup Field(HttpContext context) =>
        Field(context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context));

    /// <summary>A state as a coloured badge.</summary>
    public static Markup Badge(string state) =>
        Html.Of($"""<span class="badge state-{state.ToLowerInvariant()}">{state}</span>""");

    /// <summary>A time for people: UTC, to the second, with the full instant as a tooltip.</summary>
    public static Markup Time(DateTimeOffset? time) => time is { } t
        ? Html.Of($"""<time datetime="{t.ToUniversalTime():O}">{t.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC</time>""")
        : Html.Of($"""<span class="muted">–</span>""");

    /// <summary>True when the viewer may do <paramref name="action"/> on <paramref name="vertical"/>.</summary>
    public static bool Allows(HttpContext context, string vertical, string action = TokenScope.Read) =>
        DashboardAuth.Viewer(context).Allows(vertical, action);

    /// <summary>The 403 page: the viewer's token lacks <paramref name="action"/> on <paramref name="vertical"/>.</summary>
    public static IResult Forbidden(HttpContext context, string vertical, string action)
    {
        var viewer = DashboardAuth.Viewer(context);
        DashboardLog.Refused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardLayout)), viewer.Name, action, vertical);
        return Page(context, "Not allowed", Html.Of($"""
            <h1>Not allowed</h1>
            <div class="notice error" role="alert">Token '{viewer.Name}' may not {action} in vertical '{vertical}': it needs the scope {vertical}:{action} (or *:{action}, or admin).</div>
            <p><a href="{DashboardPaths.Root}">Back to the overview</a></p>
            """), StatusCodes.Status403Forbidden);
    }

    /// <summary>The 404 page.</summary>
    public static IResult NotFound(HttpContext context, string detail) => Page(context, "Not found", Html.Of($"""
        <h1>Not found</h1>
        <div class="notice error" role="alert">{detail}</div>
        <p><a href="{DashboardPaths.Apps()}">All apps</a></p>
        """), StatusCodes.Status404NotFound);

    private static IResult Document(HttpContext context, string title, Markup body, int status, AntiforgeryTokenSet? csrf)
    {
        Secure(context.Response);
        var meta = csrf is null ? Markup.Empty : Html.Of($"""<meta name="strata-csrf" content="{csrf.RequestToken}" data-field="{csrf.FormFieldName}">""");
        var html = Html.Of($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="same-origin">
            {meta}
            <title>{title} · Strata</title>
            <link rel="icon" type="image/svg+xml" href="{DashboardAssets.Url("favicon.svg")}">
            <link rel="stylesheet" href="{DashboardAssets.Url("dashboard.css")}">
            <script src="{DashboardAssets.Url("dashboard.js")}" defer></script>
            </head>
            <body>
            {body}
            </body>
            </html>
            """);
        return Results.Content(html.Value, "text/html; charset=utf-8", statusCode: status);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
    }
}
