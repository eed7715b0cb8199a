using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Core.Auth;
using Strata.Core.State;
using Strata.Server;
using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>
/// A real Strata host on 127.0.0.1 (the pattern of Strata.Server.Tests' TestHost) with the web fixture
/// vertical and a vertical that fails to load, an admin token for the control API, and helpers to deploy
/// web fixture apps through that API.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _root;

    private DashboardHost(WebApplication app, TempDirectory root, Uri address, string adminToken)
    {
        _app = app;
        _root = root;
        Address = address;
        AdminToken = adminToken;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
        // The control API takes bearer tokens (or will: a host without auth ignores the header).
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    public Uri Address { get; }

    /// <summary>The text of a token with scope <c>admin</c>.</summary>
    public string AdminToken { get; }

    /// <summary>A client of the control API, signed in as admin.</summary>
    public HttpClient Http { get; }

    public StateStore State => _app.Services.GetRequiredService<StateStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardHost> StartAsync(TempDirectory root)
    {
        var plugins = root.Combine("plugins");
        Directory.CreateDirectory(plugins);
        FixturePlugins.Install(plugins, FixturePlugins.WebVertical);
        FixturePlugins.Install(plugins, FixturePlugins.ThrowsInConfigure);
        var app = StrataServer.Build(
            new StrataServerOptions { DataDirectory = root.Combine("data"), PluginDirectories = [plugins], Url = "http://127.0.0.1:0" },
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Strata:Build:CompilerServer"] = "OnFirstBuild" });
            });
        try
        {
            await app.StartAsync();
            var (_, admin) = await app.Services.GetRequiredService<StateStore>().CreateTokenAsync("dashboard-admin", [TokenScope.Admin], null);
            return new DashboardHost(app, root, new Uri(StrataServer.PublicAddress(app)), admin);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a token with <paramref name="scopes"/> (e.g. <c>web:read</c>) and returns its text.</summary>
    public async Task<string> CreateTokenAsync(string name, params string[] scopes)
    {
        var parsed = scopes.Select(s => TokenScope.TryParse(s, out var scope, out var problem) ? scope : throw new ArgumentException(problem, nameof(scopes))).ToList();
        return (await State.CreateTokenAsync(name, parsed, null)).Text;
    }

    /// <summary>Writes a web fixture app (a new manifest each call) and deploys it through the API; fails unless it serves.</summary>
    public async Task DeployWebAppAsync(string app, string greeting, int replicas = 2)
    {
        var folder = _root.Combine("apps", app);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), $"""
            name: {app}
            vertical: web
            spec:
              appDirectory: {RepoPaths.BuildOutput(FixturePlugins.WebApp)}
              replicas: {replicas}
              greeting: {greeting}
            """);
        using var response = await Http.PostAsJsonAsync($"/api/apps/{app}/deploy?vertical=web", new { path = folder });
        Assert.True(response.IsSuccessStatusCode, $"deploy answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
