using Microsoft.Playwright;
using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>
/// One host and one headless Chromium for the browser tests of a class; each test opens its own browser
/// context (its own cookies). Both start at first use, so that a test skipped for want of Chromium costs nothing.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly TempDirectory _root = new("strata-dashboard");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DashboardHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal async Task<DashboardHost> HostAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _host ??= await DashboardHost.StartAsync(_root);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new browser context on the host (base URL set), recording every request it makes.</summary>
    internal async Task<BrowserSession> SessionAsync(string name)
    {
        var executable = Chromium.Require();
        var host = await HostAsync();
        await _gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                // The driver (Node.js and Playwright's package) ships in Microsoft.Playwright's NuGet package;
                // the browser is the system's. Nothing is downloaded.
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = executable,
                    Headless = true,
                    Args = Chromium.Flags,
                    Timeout = 60_000,
                });
            }
        }
        finally
        {
            _gate.Release();
        }

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.Address.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return await BrowserSession.OpenAsync(name, host, context);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _root.Dispose();
        _gate.Dispose();
    }
}
