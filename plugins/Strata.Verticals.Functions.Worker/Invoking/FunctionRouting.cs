using Microsoft.AspNetCore.Http;

namespace Strata.Verticals.Functions.Worker.Invoking;

/// <summary>
/// Which function a request is for, first match wins:
/// <list type="number">
/// <item><c>X-Forwarded-Prefix: /apps/&lt;vertical&gt;/&lt;app&gt;[/…]</c> — set by the Strata gateway
/// (it overwrites whatever the client sent), so a routed request names its app without the user's help;</item>
/// <item><c>X-Strata-Function: &lt;app&gt;</c> — explicit, for invocations by the vertical's API, by other apps
/// through discovery, and by tests and benchmarks;</item>
/// <item>the worker's default function (<c>Strata:Functions:DefaultFunction</c>, a dedicated worker's own
/// app), except for the worker's own <c>/_strata/…</c> paths.</item>
/// </list>
/// A request that names no function goes to the worker's own endpoints.
/// </summary>
internal static class FunctionRouting
{
    /// <summary>The explicit header naming the function to invoke.</summary>
    public const string FunctionHeader = "X-Strata-Function";

    /// <summary>The header the gateway sets to the path prefix it removed.</summary>
    public const string ForwardedPrefixHeader = "X-Forwarded-Prefix";

    /// <summary>The worker's own paths.</summary>
    public const string WorkerPathPrefix = "/_strata";

    /// <summary>The app the request names, or null when it names none.</summary>
    public static string? Resolve(HttpRequest request, string? defaultFunction)
    {
        if (AppFromPrefix(request.Headers[ForwardedPrefixHeader].ToString()) is { } routed)
        {
            return routed;
        }

        var named = request.Headers[FunctionHeader].ToString();
        if (named.Length > 0)
        {
            return named.Trim();
        }

        return defaultFunction is not null && !request.Path.StartsWithSegments(WorkerPathPrefix, StringComparison.Ordinal) ? defaultFunction : null;
    }

    /// <summary>The app of a gateway prefix <c>/apps/&lt;vertical&gt;/&lt;app&gt;[/…]</c>, or null.</summary>
    public static string? AppFromPrefix(string prefix)
    {
        var span = prefix.AsSpan();
        if (!span.StartsWith("/apps/", StringComparison.Ordinal))
        {
            return null;
        }

        span = span["/apps/".Length..];
        var slash = span.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        span = span[(slash + 1)..];
        var end = span.IndexOf('/');
        var app = end < 0 ? span : span[..end];
        return app.IsEmpty ? null : app.ToString();
    }
}
