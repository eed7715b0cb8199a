using System.Net;
using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>The dashboard's HTTP rules, checked with a plain client against a real host: no browser needed.</summary>
public sealed class DashboardHttpTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("strata-dashboard-http");
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync(_root);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _root.Dispose();
    }

    private HttpClient Browser(CookieContainer? cookies = null) => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() })
    {
        BaseAddress = _host.Address,
    };

    [Fact]
    public async Task Pages_need_a_session_and_scripts_get_401_instead_of_a_redirect()
    {
        using var client = Browser();

        using var page = await client.GetAsync("/dashboard/apps");
        using var script = new HttpRequestMessage(HttpMethod.Get, "/dashboard/live") { Headers = { { "X-Strata-Dashboard", "1" } } };
        using var scriptResponse = await client.SendAsync(script);
        // A bearer token is not a dashboard session: the dashboard takes its cookie only.
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/dashboard") { Headers = { { "Authorization", "Bearer " + _host.AdminToken } } };
        using var bearerResponse = await client.SendAsync(bearer);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/dashboard/login?ReturnUrl=%2Fdashboard%2Fapps", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, scriptResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, bearerResponse.StatusCode);
    }

    [Fact]
    public async Task Login_link_sets_a_strict_http_only_cookie_and_redirects_to_an_address_without_the_token()
    {
        var cookies = new CookieContainer();
        using var client = Browser(cookies);

        using var login = await client.GetAsync($"/dashboard/login?t={_host.AdminToken}&ReturnUrl=%2Fdashboard%2Fapps");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/dashboard/apps", login.Headers.Location!.OriginalString);
        Assert.Equal("no-referrer", login.Headers.GetValues("Referrer-Policy").Single());
        var setCookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Strata.Dashboard=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", setCookie, StringComparison.OrdinalIgnoreCase);

        using var apps = await client.GetAsync("/dashboard/apps");
        Assert.Equal(HttpStatusCode.OK, apps.StatusCode);
        Assert.Contains("default-src 'none'", apps.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused()
    {
        var cookies = new CookieContainer();
        using var client = Browser(cookies);

        using var login = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = _host.AdminToken }));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.DoesNotContain(cookies.GetAllCookies(), c => c.Name == ".Strata.Dashboard");

        using var link = await client.GetAsync($"/dashboard/login?t={_host.AdminToken}");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        using var rollback = await client.PostAsync("/dashboard/apps/web/any/rollback", new FormUrlEncodedContent(new Dictionary<string, string> { ["revision"] = "1" }));
        Assert.Equal(HttpStatusCode.BadRequest, rollback.StatusCode);
        Assert.Contains("The page was too old to act on", await rollback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_are_served_from_the_assembly_with_an_etag_and_the_dashboard_is_not_in_openapi()
    {
        using var client = Browser();

        using var css = await client.GetAsync("/dashboard/assets/dashboard.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains(".metrics", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/dashboard.css");
        again.Headers.IfNoneMatch.Add(css.Headers.ETag!);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var unknown = await client.GetAsync("/dashboard/assets/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var openApi = await _host.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/apps", openApi, StringComparison.Ordinal);
        Assert.DoesNotContain("/dashboard", openApi, StringComparison.Ordinal);
    }
}
