using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Strata.Core.Runtime;
using Strata.Manifest;
using Strata.Workloads;
using static Microsoft.Playwright.Assertions;

namespace Strata.Dashboard.Tests;

/// <summary>The dashboard in headless Chromium against a real host: sign-in, pages, a deploy, a rollback, scopes.</summary>
public sealed partial class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    static DashboardBrowserTests() => SetDefaultExpectTimeout(20_000);

    [SkippableFact]
    public async Task Login_link_signs_in_without_the_token_in_the_url_and_the_overview_shows_the_verticals()
    {
        await using var session = await fixture.SessionAsync("login-link");
        var host = session.Host;

        var response = await session.Page.GotoAsync($"/dashboard/login?t={Uri.EscapeDataString(host.AdminToken)}");

        Assert.Equal(200, response!.Status);
        await Expect(session.Page).ToHaveURLAsync(new Regex("/dashboard/?$"));
        Assert.DoesNotContain("strata_", session.Page.Url, StringComparison.Ordinal);
        await Expect(session.Page.Locator("header .who")).ToContainTextAsync("dashboard-admin");
        var web = session.Page.Locator("#verticals tr[data-vertical='web']");
        await Expect(web).ToContainTextAsync("Loaded");
        var failed = session.Page.Locator("#verticals tr[data-vertical='throws-in-configure']");
        await Expect(failed).ToContainTextAsync("Failed");
        await Expect(failed.Locator(".reason")).ToContainTextAsync("the fixture's database is unreachable");
        await Expect(session.Page.Locator("[data-metric='verticals'] .value")).ToHaveTextAsync("1 / 2");

        var cookie = await session.SessionCookieAsync();
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/dashboard", cookie.Path);
        await session.ScreenshotAsync("overview");
        Assert.Empty(session.ConsoleErrors);

        // Signing out ends the session, not the token.
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(session.Page).ToHaveURLAsync(new Regex("/dashboard/login$"));
        Assert.Null(await session.SessionCookieAsync());
        Assert.NotNull((await host.State.AuthenticateAsync(host.AdminToken)).Token);
    }

    [SkippableFact]
    public async Task Bad_tokens_get_the_login_page_with_a_readable_error_and_no_session()
    {
        await using var session = await fixture.SessionAsync("bad-token");
        var page = session.Page;
        await page.GotoAsync("/dashboard/login");

        await page.Locator("#token").FillAsync("hunter2");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Url.EndsWith("/dashboard/login", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal(401, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That is not a Strata token");
        await session.ScreenshotAsync("not-a-token");

        await page.Locator("#token").FillAsync("strata_0123456789abcdef_" + new string('A', 43));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted: it is unknown, revoked or expired");

        var link = await page.GotoAsync("/dashboard/login?t=nope");
        Assert.Equal(401, link!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That is not a Strata token");

        Assert.Null(await session.SessionCookieAsync());
        var overview = await page.GotoAsync("/dashboard");
        Assert.Equal(200, overview!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/login\\?ReturnUrl=%2Fdashboard"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Strata" })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task Deployed_app_shows_its_revisions_and_ready_replicas_and_rolls_back_through_the_ui()
    {
        await using var session = await fixture.SessionAsync("deploy-rollback");
        var host = session.Host;
        var page = session.Page;
        await host.DeployWebAppAsync("shop", "hello-one");
        await host.DeployWebAppAsync("shop", "hello-two");
        await session.SignInAsync(host.AdminToken);

        await page.GetByRole(AriaRole.Link, new() { Name = "Apps", Exact = true }).ClickAsync();
        await page.Locator("table.apps[data-vertical='web'] tr[data-app='shop'] a").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/apps/web/shop$"));
        await Expect(page.Locator("#serving")).ToHaveTextAsync("2");
        await Expect(page.Locator("#revisions tr[data-revision]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#revisions tr[data-revision='2']")).ToContainTextAsync("Serving");
        var web = page.Locator("#services [data-service='web']");
        await Expect(web.Locator("[data-ready]")).ToHaveTextAsync("2");
        await Expect(web.Locator("[data-desired]")).ToHaveTextAsync("2");
        await Expect(web.Locator("tr[data-replica][data-state='Ready']")).ToHaveCountAsync(2);
        await Expect(page.Locator("#deployments tr[data-deployment]")).ToHaveCountAsync(2);
        // The log tail: the replicas' start-up lines, streamed as server-sent events.
        await Expect(page.Locator("#log")).ToContainTextAsync("Now listening on");
        await session.ScreenshotAsync("app-serving-2");

        await page.Locator("button[data-rollback='1']").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/apps/web/shop\\?rolledBack=1$"));
        await Expect(page.Locator("#notice")).ToHaveTextAsync("Rolled back: revision 1 is serving.");
        await Expect(page.Locator("#serving")).ToHaveTextAsync("1");
        await Expect(page.Locator("#revisions tr[data-revision='1']")).ToContainTextAsync("Serving");
        await Expect(page.Locator("button[data-rollback='2']")).ToBeVisibleAsync();
        await Expect(page.Locator("#services")).ToHaveAttributeAsync("data-serving-revision", "1");
        await Expect(web.Locator("tr[data-replica][data-state='Ready']")).ToHaveCountAsync(2);
        await Expect(page.Locator("#deployments tr[data-deployment]").First).ToContainTextAsync("Succeeded");
        await session.ScreenshotAsync("app-rolled-back-to-1");

        // What the dashboard did is what the API and the gateway see.
        var status = (await host.Http.GetFromJsonAsync<JsonObject>("/api/apps/shop/status?vertical=web"))!;
        Assert.Equal(1, status["currentRevision"]!.GetValue<int>());
        Assert.Equal(1, status["servingRevision"]!.GetValue<int>());
        Assert.Equal("hello-one from revision 1", await host.Http.GetStringAsync("/apps/web/shop/"));

        // Everything came from the host itself: no CDN, nothing from the internet; no script or CSP error.
        var origin = host.Address.GetLeftPart(UriPartial.Authority);
        Assert.All(session.Requests, url => Assert.StartsWith(origin, url, StringComparison.Ordinal));
        Assert.Contains(session.Requests, url => url.Contains("/dashboard/assets/dashboard.css", StringComparison.Ordinal));
        Assert.Contains(session.Requests, url => url.Contains("/dashboard/assets/dashboard.js", StringComparison.Ordinal));
        Assert.Empty(session.ConsoleErrors);

        // A token that may read but not deploy sees the app, no rollback action, and is refused one it forges.
        await using var reader = await fixture.SessionAsync("read-only");
        await reader.SignInAsync(await host.CreateTokenAsync("web-reader", "web:read"));
        await reader.Page.GotoAsync("/dashboard/apps/web/shop");
        await Expect(reader.Page.Locator("#revisions tr[data-revision]")).ToHaveCountAsync(2);
        await Expect(reader.Page.Locator("button[data-rollback]")).ToHaveCountAsync(0);
        await Expect(reader.Page.GetByText("Rolling back needs the scope web:deploy")).ToBeVisibleAsync();
        var forged = await reader.Page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const meta = document.querySelector('meta[name="strata-csrf"]');
              const body = new URLSearchParams({ revision: '2' });
              body.append(meta.dataset.field, meta.content);
              const response = await fetch('/dashboard/apps/web/shop/rollback', { method: 'POST', body });
              return { status: response.status, text: await response.text() };
            }
            """);
        Assert.Equal(403, forged.GetProperty("status").GetInt32());
        Assert.Contains("may not deploy in vertical 'web'", forged.GetProperty("text").GetString(), StringComparison.Ordinal);
        await reader.ScreenshotAsync("read-only-app");
        Assert.Equal(1, (await host.Http.GetFromJsonAsync<JsonObject>("/api/apps/shop/status?vertical=web"))!["currentRevision"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task Token_without_read_on_a_vertical_does_not_see_its_apps()
    {
        await using var session = await fixture.SessionAsync("no-read");
        var host = session.Host;
        await host.State.EnsureAppAsync(new AppRef("web", "secret"));
        await session.SignInAsync(await host.CreateTokenAsync("other-reader", "functions:read"));
        var page = session.Page;

        await Expect(page.Locator("#verticals tr[data-vertical='web']")).ToContainTextAsync("no read access");
        await Expect(page.Locator("[data-metric='apps'] .value")).ToHaveTextAsync("0");
        await page.GotoAsync("/dashboard/apps");
        await Expect(page.Locator("#no-apps")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-app]")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("apps-none-readable");

        foreach (var path in new[] { "/dashboard/apps/web/secret", "/dashboard/apps?vertical=web", "/dashboard/apps/web/secret/live", "/dashboard/apps/web/secret/logs" })
        {
            var response = await page.APIRequest.GetAsync(path);
            Assert.True(response.Status == 403, $"{path} answered {response.Status}");
            Assert.DoesNotContain("data-app=\"secret\"", await response.TextAsync(), StringComparison.Ordinal);
        }

        var refused = await page.GotoAsync("/dashboard/apps/web/secret");
        Assert.Equal(403, refused!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Token 'other-reader' may not read in vertical 'web'");
        await session.ScreenshotAsync("app-forbidden");
    }

    [SkippableFact]
    public async Task Revoked_token_is_sent_back_to_the_login_page()
    {
        await using var session = await fixture.SessionAsync("revoked");
        var host = session.Host;
        var page = session.Page;
        await session.SignInAsync(await host.CreateTokenAsync("soon-revoked", "*:read"));
        await Expect(page.Locator("header .who")).ToContainTextAsync("soon-revoked");

        Assert.True(await host.State.RevokeTokenAsync("soon-revoked"));

        // The overview refreshes itself; its next request finds the token revoked and the page goes to the login.
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/login\\?ended=1&ReturnUrl=%2Fdashboard"), new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session ended");
        Assert.Null(await session.SessionCookieAsync());
        await session.ScreenshotAsync("session-ended");

        var again = await page.GotoAsync("/dashboard/apps");
        Assert.Equal(200, again!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/login\\?ReturnUrl=%2Fdashboard%2Fapps$"));
    }

    [SkippableFact]
    public async Task Indexed_job_shows_its_progress_per_index()
    {
        await using var session = await fixture.SessionAsync("sweep");
        var host = session.Host;
        var app = new AppRef("web", "sweep");
        await host.State.EnsureAppAsync(app);
        // A sweep is an indexed job (the simulation vertical maps one per run): the runtime is driven
        // directly, as Strata.Server.Tests' JobsApiTests do. Index 3 runs on; 0 to 2 finish.
        var runtime = host.Services.GetRequiredService<ICaasRuntime>();
        var revision = new AppRevision { Manifest = new AppManifest { Name = app.App, Vertical = app.Vertical }, Number = 1 };
        var job = new JobWorkload
        {
            Name = "sweep",
            Completions = 4,
            Parallelism = 4,
            Artifact = new Artifact
            {
                Directory = Path.GetTempPath(),
                Command = ["/bin/sh", "-c", "echo \"point $JOB_COMPLETION_INDEX\"; if [ \"$JOB_COMPLETION_INDEX\" = 3 ]; then sleep 120 & wait; fi"],
            },
        };
        Assert.True((await runtime.ApplyAsync(revision, new WorkloadSet { Jobs = [job] }, CancellationToken.None)).Succeeded);
        try
        {
            await session.SignInAsync(host.AdminToken);
            await session.Page.GotoAsync("/dashboard/apps/web/sweep");

            var card = session.Page.Locator("#jobs [data-job='sweep']");
            await Expect(card).ToHaveAttributeAsync("data-state", "Running");
            await Expect(card.Locator("[data-progress]")).ToHaveTextAsync("3 / 4 succeeded");
            await Expect(card.Locator(".indexes [data-state='Succeeded']")).ToHaveCountAsync(3);
            await Expect(card.Locator(".indexes [data-index='3']")).ToHaveAttributeAsync("data-state", "Running");
            await Expect(card.Locator("progress")).ToHaveAttributeAsync("value", "3");
            await Expect(session.Page.Locator("#log")).ToContainTextAsync("point 2");
            await session.ScreenshotAsync("sweep-progress");

            await session.Page.GotoAsync("/dashboard");
            await Expect(session.Page.Locator("[data-metric='jobs'] .value")).ToHaveTextAsync("1");

            // Cancelled elsewhere (the API), the page follows without a reload.
            await session.Page.GotoAsync("/dashboard/apps/web/sweep");
            await runtime.CancelJobAsync(app, "sweep", CancellationToken.None);
            await Expect(card).ToHaveAttributeAsync("data-state", "Cancelled");
            await session.ScreenshotAsync("sweep-cancelled");
        }
        finally
        {
            await runtime.DeleteAppAsync(app, CancellationToken.None);
        }
    }
}
