using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Server.Gateway.ProcessMode;
using Strata.Testing;

namespace Strata.Server.Tests;

/// <summary>A real Strata host on 127.0.0.1 with a free port, a data folder and a plugins folder of its own.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHost(WebApplication app, string dataDirectory, string pluginsDirectory, Uri address, string adminToken)
    {
        _app = app;
        DataDirectory = dataDirectory;
        PluginsDirectory = pluginsDirectory;
        Address = address;
        AdminToken = adminToken;
        Http = ClientWith(adminToken);
    }

    public string DataDirectory { get; }

    public string PluginsDirectory { get; }

    public Uri Address { get; }

    /// <summary>A client of the host carrying <see cref="AdminToken"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>The admin token the host created at its first start.</summary>
    public string AdminToken { get; }

    /// <summary>A request carrying <see cref="AdminToken"/>, for a client of the test's own (one connection, a short timeout).</summary>
    public HttpRequestMessage AdminRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Address, path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return request;
    }

    /// <summary>A new client of the host that sends <paramref name="token"/> (none when null); the caller disposes it.</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(3) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host over <paramref name="root"/>: data in <c>root/data</c>, plugins in <c>root/plugins</c>.</summary>
    public static Task<TestHost> StartAsync(TempDirectory root, params string[] fixturePlugins) =>
        StartAsync(root, new Dictionary<string, string?>(), fixturePlugins);

    /// <summary>Starts a host as above with configuration <paramref name="settings"/> (e.g. <c>Strata:Gateway:LoadBalancing</c>).</summary>
    public static async Task<TestHost> StartAsync(TempDirectory root, IReadOnlyDictionary<string, string?> settings, params string[] fixturePlugins)
    {
        var plugins = root.Combine("plugins");
        Directory.CreateDirectory(plugins);
        foreach (var plugin in fixturePlugins)
        {
            FixturePlugins.Install(plugins, plugin);
        }

        var data = root.Combine("data");
        var app = StrataServer.Build(
            new StrataServerOptions { DataDirectory = data, PluginDirectories = [plugins], Url = "http://127.0.0.1:0", LogAdminToken = false },
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                // Most test hosts never build: their compiler server starts at the first build, as a setting may change.
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Strata:Build:CompilerServer"] = "OnFirstBuild" });
                builder.Configuration.AddInMemoryCollection(settings);
            });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A host that fails to start (e.g. invalid options) must not leave its runtime behind.
            await app.DisposeAsync();
            throw;
        }

        // In gateway mode Process the public address is the gateway process's; the host's own listener is internal.
        var address = app.Services.GetService<GatewayProcessSupervisor>()?.PublicAddress?.ToString()
            ?? app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        // The first start's admin token is kept beside the data, for a host started again over the same folder.
        var tokenFile = root.Combine("admin-token.txt");
        var token = app.Services.GetRequiredService<Strata.Server.Auth.BootstrapAdminToken>().Text;
        if (token is not null)
        {
            await File.WriteAllTextAsync(tokenFile, token);
        }
        else
        {
            token = File.Exists(tokenFile) ? await File.ReadAllTextAsync(tokenFile) : throw new InvalidOperationException($"The host's state store had tokens already and {tokenFile} is missing.");
        }
        return new TestHost(app, data, plugins, new Uri(address), token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
