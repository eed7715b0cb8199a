using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Strata.Dashboard.Tests;

/// <summary>A browser context with one page, what it requested and what its console reported.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly string _name;
    private int _shots;

    private BrowserSession(string name, DashboardHost host, IBrowserContext context, IPage page)
    {
        _name = name;
        Host = host;
        Context = context;
        Page = page;
        context.Request += (_, request) => Requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add($"{message.Text} at {message.Location}");
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
    }

    public DashboardHost Host { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Every URL the context requested.</summary>
    public ConcurrentBag<string> Requests { get; } = [];

    /// <summary>Console errors and uncaught exceptions of the page (a CSP violation shows here).</summary>
    public ConcurrentBag<string> ConsoleErrors { get; } = [];

    public static async Task<BrowserSession> OpenAsync(string name, DashboardHost host, IBrowserContext context) =>
        new(name, host, context, await context.NewPageAsync());

    /// <summary>Signs in through the login form with <paramref name="token"/> and waits for the overview.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.GotoAsync("/dashboard/login");
        await Page.Locator("#token").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/?$"));
    }

    /// <summary>Saves a full-page screenshot as a test artefact; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string step)
    {
        var path = Artifacts.Screenshot($"{_name}-{Interlocked.Increment(ref _shots):00}-{step}");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>The dashboard's session cookie, when the context has one.</summary>
    public async Task<BrowserContextCookiesResult?> SessionCookieAsync() =>
        (await Context.CookiesAsync()).FirstOrDefault(c => c.Name == ".Strata.Dashboard");

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
