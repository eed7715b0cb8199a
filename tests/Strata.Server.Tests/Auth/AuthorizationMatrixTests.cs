using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Server.Tests.Gateway;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Server.Tests.Auth;

/// <summary>
/// Every token scope × vertical × endpoint of the control API and the vertical APIs, over real HTTP: an
/// allowed cell answers what the endpoint answers (2xx, or the endpoint's own 4xx where the resource
/// cannot exist, never 401/403), a refused cell 403, no token and a bad, expired or revoked token 401.
/// The expectation comes from this file's own reading of the scopes, not from the host's code, and the
/// test fails when the host has an /api or /v endpoint the matrix does not cover.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output) : IDisposable
{
    private const string Oy = "other-yaml";
    private const string Web = "web";
    private readonly TempDirectory _root = new("strata-authz");

    // The scopes under test: every action on every vertical, per vertical, and mixtures.
    private static readonly string[][] ScopeSets =
    [
        ["admin"], ["*:*"], ["*:read"], ["*:write"], ["*:deploy"], ["*:delete"], ["*:admin"],
        [$"{Oy}:read"], [$"{Oy}:write"], [$"{Oy}:deploy"], [$"{Oy}:delete"], [$"{Oy}:*"],
        [$"{Web}:read"], [$"{Web}:deploy"], [$"{Web}:*"], [$"{Oy}:read", $"{Web}:deploy"],
    ];

    /// <summary>What a cell needs: an action on a vertical (null: the host itself), or only a valid token.</summary>
    private sealed record Need(string? Action, string? Vertical, bool AnyToken = false);

    /// <summary>One endpoint in one vertical: how to call it, what it needs, what an allowed call answers.</summary>
    private sealed record Cell(string Method, string Pattern, string Label, Need Need, Func<TestHost, Task<HttpRequestMessage>> Request, HttpStatusCode[] AllowedAnswers);

    [Fact]
    public async Task Every_scope_vertical_and_endpoint_is_allowed_refused_or_unauthenticated_as_its_scopes_say()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml, FixturePlugins.WebVertical);
        var oyFolder = _root.Combine("apps", "oy");
        Directory.CreateDirectory(oyFolder);
        await File.WriteAllTextAsync(Path.Combine(oyFolder, "strata.yaml"), "name: oy\nvertical: other-yaml\nspec: { size: 1 }\n");
        Assert.True((await host.Http.PostAsJsonAsync("/api/apps/oy/deploy", new { path = oyFolder })).IsSuccessStatusCode);
        await new WebApps(host, _root).DeployOkAsync("wa", "hi", replicas: 1);
        var apps = new Dictionary<string, (string App, string Folder)> { [Oy] = ("oy", oyFolder), [Web] = ("wa", _root.Combine("apps", "wa")) };

        var cells = Cells(apps);
        AssertEveryEndpointIsCovered(host, cells);

        var tokens = new List<(string Label, string[] Scopes, string Text)>();
        foreach (var scopes in ScopeSets)
        {
            tokens.Add((string.Join(" ", scopes), scopes, await CreateTokenAsync(host, scopes)));
        }

        var expired = await CreateTokenAsync(host, ["admin"], expiresAt: DateTimeOffset.UtcNow.AddSeconds(2));
        var revoked = await CreateTokenAsync(host, ["admin"], name: "to-revoke");
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync("/api/tokens/to-revoke")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        string?[] unauthenticated = [null, "Bearer-less", "strata_0123456789abcdef_" + new string('A', 43), expired, revoked];

        var failures = new List<string>();
        var counts = new Dictionary<string, int> { ["allowed"] = 0, ["forbidden"] = 0, ["unauthenticated"] = 0 };
        foreach (var cell in cells)
        {
            foreach (var (label, scopes, text) in tokens)
            {
                var allowed = Allows(scopes, cell.Need);
                var status = await SendAsync(host, cell, text);
                counts[allowed ? "allowed" : "forbidden"]++;
                var ok = allowed ? cell.AllowedAnswers.Contains(status) : status == HttpStatusCode.Forbidden;
                if (!ok)
                {
                    failures.Add($"{cell.Label} with [{label}]: {(int)status}, expected {(allowed ? string.Join("/", cell.AllowedAnswers.Select(s => (int)s)) : "403")}");
                }
            }

            foreach (var text in unauthenticated)
            {
                var status = await SendAsync(host, cell, text);
                counts["unauthenticated"]++;
                if (status != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{cell.Label} with token '{text?[..Math.Min(text.Length, 12)] ?? "(none)"}…': {(int)status}, expected 401");
                }
            }
        }

        output.WriteLine($"{cells.Count} endpoint cells × {tokens.Count} scope sets + {unauthenticated.Length} unauthenticated: " +
            string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}")));
        Assert.True(failures.Count == 0, $"{failures.Count} cells answered wrongly:\n" + string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task Refusals_are_problem_details_that_say_what_is_missing()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);
        using var anonymous = host.ClientWith(null);
        var none = await anonymous.GetAsync("/api/apps");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", (await none.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var bad = host.ClientWith("strata_0123456789abcdef_" + new string('A', 43));
        var refused = await bad.GetAsync("/api/apps");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var reader = host.ClientWith(await CreateTokenAsync(host, ["web:read"], name: "web-reader"));
        var forbidden = await reader.PostAsync("/v/other-yaml/parse", new StringContent("a: 1"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var detail = (await forbidden.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.Contains("web-reader", detail, StringComparison.Ordinal);
        Assert.Contains("other-yaml:write", detail, StringComparison.Ordinal);

        // App traffic through the gateway and the OpenAPI document need no token, and no scheme is the
        // default: the gateway's requests (an app's own Authorization headers) are never looked at.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        var schemes = host.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
    }

    [Fact]
    public async Task A_deploy_is_checked_against_the_vertical_its_manifest_names()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml, FixturePlugins.WebVertical);
        var folder = _root.Combine("apps", "sneaky");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), "name: sneaky\nvertical: other-yaml\nspec: { size: 1 }\n");
        using var webDeployer = host.ClientWith(await CreateTokenAsync(host, ["web:deploy"], name: "web-deployer"));

        // The app does not exist yet, so only the manifest says which vertical it is for.
        var refused = await webDeployer.PostAsJsonAsync("/api/apps/sneaky/deploy", new { path = folder });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("other-yaml:deploy", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/apps/sneaky")).StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(host.DataDirectory, "staging")));

        using var oyDeployer = host.ClientWith(await CreateTokenAsync(host, ["other-yaml:deploy"], name: "oy-deployer"));
        Assert.Equal(HttpStatusCode.Created, (await oyDeployer.PostAsJsonAsync("/api/apps/sneaky/deploy", new { path = folder })).StatusCode);

        // The app list shows only what the token may read.
        using var webReader = host.ClientWith(await CreateTokenAsync(host, ["web:read"], name: "web-reader"));
        Assert.Empty((await webReader.GetFromJsonAsync<JsonArray>("/api/apps"))!);
        Assert.Single((await host.Http.GetFromJsonAsync<JsonArray>("/api/apps"))!);
    }

    // The cells: each endpoint of the control API and the vertical APIs, per vertical where it has one.
    private static List<Cell> Cells(Dictionary<string, (string App, string Folder)> apps)
    {
        HttpStatusCode[] ok = [HttpStatusCode.OK], created = [HttpStatusCode.Created], noContent = [HttpStatusCode.NoContent];
        var cells = new List<Cell>();
        var fresh = 0;
        foreach (var (vertical, (app, folder)) in apps)
        {
            var q = $"?vertical={vertical}";
            Cell Get(string pattern, string path, string action) =>
                new("GET", pattern, $"GET {path}", new Need(action, vertical), _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path)), ok);
            cells.Add(Get("/api/apps/{app}", $"/api/apps/{app}{q}", "read"));
            cells.Add(Get("/api/apps/{app}/status", $"/api/apps/{app}/status{q}", "read"));
            cells.Add(Get("/api/apps/{app}/logs", $"/api/apps/{app}/logs{q}&tail=1", "read"));
            cells.Add(Get("/api/apps/{app}/revisions", $"/api/apps/{app}/revisions{q}", "read"));
            cells.Add(Get("/api/apps/{app}/jobs", $"/api/apps/{app}/jobs{q}", "read"));
            // The web fixture runs a folder of this machine, which no cluster can pull: its render is a 422.
            cells.Add(Get("/api/apps/{app}/render", $"/api/apps/{app}/render{q}", "read") with { AllowedAnswers = vertical == Web ? [HttpStatusCode.UnprocessableEntity] : ok });
            cells.Add(Get("/api/apps", $"/api/apps{q}", "read"));
            cells.Add(Get("/api/apps/{app}", $"/api/apps/{app}", "read"));

            // Verticals without templates answer 400 to an allowed scaffold: the authorization passed.
            cells.Add(new("POST", "/api/verticals/{vertical}/new", $"POST /api/verticals/{vertical}/new", new Need("read", vertical),
                _ => Task.FromResult(Json(HttpMethod.Post, $"/api/verticals/{vertical}/new", new { app = "x" })), [HttpStatusCode.OK, HttpStatusCode.BadRequest]));
            cells.Add(new("POST", "/api/apps/{app}/deploy", $"POST /api/apps/{app}/deploy (unchanged)", new Need("deploy", vertical),
                _ => Task.FromResult(Json(HttpMethod.Post, $"/api/apps/{app}/deploy{q}", new { path = folder })), ok));
            cells.Add(new("POST", "/api/apps/{app}/rollback", $"POST /api/apps/{app}/rollback", new Need("deploy", vertical),
                _ => Task.FromResult(Json(HttpMethod.Post, $"/api/apps/{app}/rollback{q}", new { revision = 1 })), ok));
            cells.Add(new("POST", "/api/apps/{app}/jobs/{job}/cancel", $"POST /api/apps/{app}/jobs/none/cancel", new Need("deploy", vertical),
                _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/apps/{app}/jobs/none/cancel{q}")), [HttpStatusCode.NotFound]));
            cells.Add(new("POST", "/api/apps", $"POST /api/apps ({vertical})", new Need("deploy", vertical),
                _ => Task.FromResult(Json(HttpMethod.Post, "/api/apps", new { name = $"new-{Interlocked.Increment(ref fresh)}", vertical })), created));
            cells.Add(new("DELETE", "/api/apps/{app}", $"DELETE /api/apps/<fresh>{q}", new Need("delete", vertical),
                async host =>
                {
                    var name = $"doomed-{Interlocked.Increment(ref fresh)}";
                    (await host.Http.PostAsJsonAsync("/api/apps", new { name, vertical })).EnsureSuccessStatusCode();
                    return new HttpRequestMessage(HttpMethod.Delete, $"/api/apps/{name}{q}");
                }, noContent));
        }

        // The other-yaml vertical's own API: GET needs read, POST write.
        cells.Add(new("GET", "/v/other-yaml/yaml-version", "GET /v/other-yaml/yaml-version", new Need("read", Oy),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/v/other-yaml/yaml-version")), ok));
        cells.Add(new("GET", "/v/other-yaml/boom", "GET /v/other-yaml/boom", new Need("read", Oy),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/v/other-yaml/boom")), [HttpStatusCode.InternalServerError]));
        cells.Add(new("POST", "/v/other-yaml/parse", "POST /v/other-yaml/parse", new Need("write", Oy),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/v/other-yaml/parse") { Content = new StringContent("a: 1\nb: 2\n", Encoding.UTF8, "text/plain") }), ok));

        // The host's own endpoints.
        cells.Add(new("GET", "/metrics", "GET /metrics", new Need("read", null),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/metrics")), ok));
        cells.Add(new("GET", "/api/verticals", "GET /api/verticals", new Need(null, null, AnyToken: true),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/verticals")), ok));
        cells.Add(new("GET", "/api/apps", "GET /api/apps", new Need(null, null, AnyToken: true),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/apps")), ok));
        cells.Add(new("GET", "/api/tokens/current", "GET /api/tokens/current", new Need(null, null, AnyToken: true),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/tokens/current")), ok));
        cells.Add(new("GET", "/api/plugins", "GET /api/plugins", new Need("read", null),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/plugins")), ok));
        cells.Add(new("POST", "/api/plugins", "POST /api/plugins", new Need("admin", null),
            _ => Task.FromResult(Json(HttpMethod.Post, "/api/plugins", new { id = "Acme.Nothing" })), [HttpStatusCode.BadRequest, HttpStatusCode.NotFound]));
        cells.Add(new("POST", "/api/plugins/{id}/update", "POST /api/plugins/none/update", new Need("admin", null),
            _ => Task.FromResult(Json(HttpMethod.Post, "/api/plugins/none/update", new { })), [HttpStatusCode.BadRequest, HttpStatusCode.NotFound]));
        cells.Add(new("DELETE", "/api/plugins/{id}", "DELETE /api/plugins/none", new Need("admin", null),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Delete, "/api/plugins/none")), [HttpStatusCode.NotFound]));
        cells.Add(new("GET", "/api/tokens", "GET /api/tokens", new Need("admin", null),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/tokens")), ok));
        cells.Add(new("POST", "/api/tokens", "POST /api/tokens", new Need("admin", null),
            _ => Task.FromResult(Json(HttpMethod.Post, "/api/tokens", new { name = $"made-{Interlocked.Increment(ref fresh)}", scopes = new[] { "web:read" } })), created));
        cells.Add(new("DELETE", "/api/tokens/{name}", "DELETE /api/tokens/<fresh>", new Need("admin", null),
            async host =>
            {
                var name = $"spare-{Interlocked.Increment(ref fresh)}";
                await CreateTokenAsync(host, ["web:read"], name: name);
                return new HttpRequestMessage(HttpMethod.Delete, $"/api/tokens/{name}");
            }, noContent));
        return cells;
    }

    // This test's own reading of a scope set: 'admin' allows all; '<v>:<a>' allows action a on vertical v,
    // '*' matching any; the host itself only through '*' as the vertical.
    private static bool Allows(string[] scopes, Need need)
    {
        if (need.AnyToken)
        {
            return true;
        }

        foreach (var scope in scopes)
        {
            if (scope == "admin")
            {
                return true;
            }

            var (vertical, action) = (scope.Split(':')[0], scope.Split(':')[1]);
            var verticalMatches = vertical == "*" || (need.Vertical is not null && vertical == need.Vertical);
            if (verticalMatches && (action == "*" || action == need.Action))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<HttpStatusCode> SendAsync(TestHost host, Cell cell, string? token)
    {
        using var request = await cell.Request(host);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token.StartsWith("strata_", StringComparison.Ordinal) ? "Bearer " + token : token);
        }

        using var client = host.ClientWith(null);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) => new(method, path) { Content = JsonContent.Create(body) };

    private static async Task<string> CreateTokenAsync(TestHost host, string[] scopes, DateTimeOffset? expiresAt = null, string? name = null)
    {
        using var response = await host.Http.PostAsJsonAsync("/api/tokens", new { name = name ?? "t-" + Guid.NewGuid().ToString("N")[..12], scopes, expiresAt });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        return body!["token"]!.GetValue<string>();
    }

    private static void AssertEveryEndpointIsCovered(TestHost host, List<Cell> cells)
    {
        var covered = cells.Select(c => $"{c.Method} {c.Pattern}").ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var source in host.Services.GetServices<EndpointDataSource>().Concat(host.Services.GetRequiredService<IEnumerable<EndpointDataSource>>()).Distinct())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/').TrimEnd('/');
                if (!(pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern == "/api" || pattern.StartsWith("/v/", StringComparison.Ordinal) || pattern == "/metrics")
                    || pattern.StartsWith("/api/_internal", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                {
                    // An endpoint for every method (Prometheus' scrape) is covered by a cell of any method.
                    if (!covered.Contains($"{method} {pattern}") && !(method == "*" && covered.Any(c => c.EndsWith(" " + pattern, StringComparison.Ordinal))))
                    {
                        missing.Add($"{method} {pattern}");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "Endpoints the authorization matrix does not cover: " + string.Join(", ", missing.Distinct()));
    }

    public void Dispose() => _root.Dispose();
}
