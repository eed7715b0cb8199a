namespace Strata.Server.Tests.BadInput;

/// <summary>
/// Route parameters and query values that name nothing: path traversal (raw and percent-encoded), encoded
/// slashes and control characters, over-long, unicode, uppercase, empty and reserved names, over every
/// endpoint that takes a name. No name is one of the apps the suite keeps (web-serving, exists-app).
/// </summary>
internal static class BadRouteNames
{
    /// <summary>Path segments, as sent (already percent-encoded where that is the point).</summary>
    public static readonly string[] Segments =
    [
        "..", ".", "...", "..;", "%2e%2e", "%2E%2E", "%2e", ".%2e", "%2e%2e%2f", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2f..%2fetc%2fpasswd", "..%5c..%5cwindows", "%2f", "a%2fb", "%5c", "a%5cb",
        "%252e%252e%252f", "%c0%ae%c0%ae", "%c0%af", "%00", "a%00b", "%0a", "%0d%0ax-injected:%201", "%20", "a%20b", "%09", "%25", "%zz", "%", "%u002e", "%7e", "HELLO", "Hello", "hello_world",
        "-hello", "hello-", new string('a', 64), new string('a', 300), new string('a', 5000), "%C3%A9t%C3%A9", "%F0%9F%98%80", "%E2%80%AE", "%EF%BC%A1", "%E2%80%8B", "%FF%FE", "%ED%A0%80",
        "con", "nul", "aux", "api", "staging", "plugins", "strata.db", "~", "$", "*", ";", "'", "%22", "%3C%3E", "%7Bapp%7D", "null", "undefined", "0", "-1", "1e9", "%3F", "%23", ".hidden",
        "hello.world", "a:b", "%3A", "@", "!", "(", "%2B", "=",
    ];

    /// <summary>Templates with <c>{0}</c> for the name (GET unless a method is given).</summary>
    private static readonly (string Method, string Template)[] Routes =
    [
        ("GET", "/api/apps/{0}"), ("DELETE", "/api/apps/{0}"), ("GET", "/api/apps/{0}/status"), ("GET", "/api/apps/{0}/logs"), ("GET", "/api/apps/{0}/revisions"), ("GET", "/api/apps/{0}/render"),
        ("GET", "/api/apps/{0}/jobs"), ("POST", "/api/apps/{0}/jobs/run/cancel"), ("POST", "/api/apps/web-serving/jobs/{0}/cancel"), ("POST", "/api/apps/{0}/rollback"), ("POST", "/api/apps/{0}/deploy"),
        ("DELETE", "/api/plugins/{0}"), ("POST", "/api/plugins/{0}/update"), ("POST", "/api/verticals/{0}/new"), ("GET", "/api/apps/{0}?vertical=web"),
        ("GET", "/api/apps/web-serving?vertical={0}"), ("GET", "/api/apps/{0}/status?vertical={0}"),
        ("GET", "/v/functions/{0}/state"), ("POST", "/v/functions/{0}/invoke"), ("GET", "/v/mobile/{0}/sdk/typescript"), ("GET", "/v/mobile/no-such-app/sdk/{0}"), ("GET", "/v/{0}/x"),
        ("GET", "/v/simulation/{0}/runs"), ("GET", "/v/simulation/{0}/runs/run-1"), ("GET", "/v/simulation/no-such-app/runs/{0}"), ("GET", "/v/simulation/no-such-app/runs/{0}/progress"),
        ("POST", "/v/simulation/no-such-app/runs/{0}/cancel"), ("GET", "/v/simulation/no-such-app/runs/run-1/tasks/{0}"), ("GET", "/v/simulation/no-such-app/runs/run-1/tasks/0/files/{0}"),
        ("GET", "/v/simulation/{0}/runs/run-1/compare"),
    ];

    /// <summary>Query strings that bind to nothing valid, on endpoints of the app that runs (each has a value that cannot bind or names nothing).</summary>
    private static readonly string[] Queries =
    [
        "/api/apps/web-serving/render?revision=abc", "/api/apps/web-serving/render?revision=999", "/api/apps/web-serving/render?revision=-1", "/api/apps/web-serving/render?revision=99999999999",
        "/api/apps/web-serving/render?includeSecrets=maybe", "/api/apps/web-serving/render?revision=1e3&includeSecrets=1", "/api/apps/web-serving/render?revision=%00",
        "/api/apps/web-serving/logs?tail=abc", "/api/apps/web-serving/logs?follow=yes", "/api/apps/web-serving/logs?tail=1e99", "/api/apps/web-serving/logs?tail=99999999999999", "/api/apps/web-serving/logs?follow=%00",
        "/api/apps/web-serving/logs?tail=&follow=maybe", "/api/apps/web-serving/status?vertical=nope", "/api/apps/web-serving/revisions?vertical=WEB", "/api/apps/web-serving/jobs?vertical=%2e%2e",
        "/v/simulation/no-such-app/runs/run-1/tasks/0/slice.png?axis=w", "/v/simulation/no-such-app/runs/run-1/tasks/0/slice.png?scale=0", "/v/simulation/no-such-app/runs/run-1/tasks/0/slice.png?scale=1e9",
        "/v/simulation/no-such-app/runs/run-1/tasks/0/slice.png?index=-5", "/v/simulation/no-such-app/runs/run-1/tasks/0/slice.png?range=all", "/v/simulation/no-such-app/runs/run-1/tasks/0/series.png?width=0&height=-1",
        "/v/simulation/no-such-app/runs/run-1/tasks/0/series.png?columns=%00", "/v/simulation/no-such-app/runs/run-1/tasks/0/series.png?width=99999999999", "/v/simulation/no-such-app/runs/run-1/compare?metric=%2e%2e%2f",
        "/v/simulation/no-such-app/runs/run-1/tasks/99999999999999999999", "/v/simulation/no-such-app/runs/run-1/tasks/-1", "/v/simulation/no-such-app/runs/run-99999999999999999999",
    ];

    /// <summary>
    /// Whether the name makes a valid request: the host removes dot segments ("/api/apps/." is the app list) and
    /// an empty <c>?vertical=</c> is no filter; such requests are not bad input.
    /// </summary>
    private static bool Resolves(string template, string name)
        => (name is "" or "." or "%2e" or "%2E" && (template.EndsWith("/apps/{0}", StringComparison.Ordinal) || template.StartsWith("/api/apps/{0}?", StringComparison.Ordinal)))
            || (name.Length == 0 && template.EndsWith("vertical={0}", StringComparison.Ordinal));

    public static IEnumerable<BadInputCase> Generate()
    {
        foreach (var (method, template) in Routes)
        {
            foreach (var name in Segments.Where(n => !Resolves(template, n)))
            {
                var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, name);
                var category = template.Contains('?', StringComparison.Ordinal) && template.IndexOf("{0}", StringComparison.Ordinal) > template.IndexOf('?', StringComparison.Ordinal) ? "names:query" : "names:route";
                yield return new BadInputCase(category, $"{template} with {BadInputRunner.Shorten(name)}", new HttpMethod(method), path);
            }

            // An empty segment: the route does not match (where it would name the app list, the list answers).
            if (!Resolves(template, ""))
            {
                yield return new BadInputCase("names:route", $"{template} with an empty name", new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, ""));
            }

            // Unencoded traversal: what the client would normally resolve away reaches the host as written.
            yield return new BadInputCase("names:route", $"{template} with ../../", new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "../../x"));
        }

        foreach (var query in Queries)
        {
            yield return BadInputCase.Get("names:query", query, query);
        }

        foreach (var runtime in new[] { "docker", "", "%00", "LOCAL", "kubernetes", "local&runtime=docker", "..%2flocal", new string('r', 3000) })
        {
            var path = $"/api/apps/{BadManifests.GuardApp}/deploy?runtime={runtime}";
            yield return BadInputCase.PostJson("names:query", $"deploy runtime={BadInputRunner.Shorten(runtime)}", path, "{\"path\":\"/nonexistent\"}");
        }
    }
}
