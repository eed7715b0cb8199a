using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// An operator's day with vertical packages, all through the CLI against a host process and a local
/// folder feed: add the web vertical, update it (the old version is collected), deploy an app of it,
/// remove it (its API is gone, its context is collected, the host stays up), and see a package built for another contract refused.
/// </summary>
public sealed class PluginPackagesEndToEndTests : IDisposable
{
    private const string Web = "Strata.Fixtures.WebVertical";
    private readonly TempDirectory _root = new("strata-packages");

    [Fact]
    public async Task Add_deploy_update_remove_and_refuse_through_the_cli()
    {
        var feed = _root.Combine("feed");
        FixturePackages.Pack(feed, FixturePlugins.WebVertical, "1.0.0");
        FixturePackages.Pack(feed, FixturePlugins.Incompatible, "9.9.9");
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"), "--plugins", _root.Combine("none"), "--plugin-source", feed);
        var server = host.Url.ToString();
        using var http = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(60) };
        host.Authorize(http);

        var added = await CliProcess.RunAsync(_root.Path, "plugin", "add", Web, "--source", feed, "--server", server);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains($"Installed {Web} 1.0.0: vertical 'web'", added.Stdout, StringComparison.Ordinal);

        FixturePackages.Pack(feed, FixturePlugins.WebVertical, "2.0.0");
        var updated = await CliProcess.RunAsync(_root.Path, "plugin", "update", Web, "--server", server);
        Assert.True(updated.Stdout.Contains($"Updated {Web} 1.0.0 → 2.0.0; old version unloaded and collected.", StringComparison.Ordinal), updated.ToString());
        var list = await CliProcess.RunAsync(_root.Path, "plugin", "list", "--json", "--server", server);
        var listed = Assert.Single(JsonNode.Parse(list.Stdout)!.AsArray());
        Assert.Equal(("2.0.0", "Loaded"), ((string)listed!["version"]!, (string)listed["state"]!));
        Assert.Equal(88, ((string)listed["sha512"]!).Length);

        var app = _root.Combine("app1");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "strata.yaml"), $"""
            name: app1
            vertical: web
            spec:
              appDirectory: {RepoPaths.BuildOutput(FixturePlugins.WebApp)}
              greeting: packaged
            """);
        var deployed = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", server);
        Assert.True(deployed.ExitCode == 0, deployed.ToString() + host.Output);
        Assert.Contains("packaged", await http.GetStringAsync("/apps/web/app1/"), StringComparison.Ordinal);

        var refused = await CliProcess.RunAsync(_root.Path, "plugin", "add", "Strata.Fixtures.Incompatible", "--server", server);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("contract 2.0", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.Trim().Split('\n'));

        var removed = await CliProcess.RunAsync(_root.Path, "plugin", "remove", Web, "--server", server);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        // Collected although an app of it was deployed: the host keeps no object of a type the plugin defined.
        Assert.True(removed.Stdout.Contains($"Removed {Web} 2.0.0; its load context was collected.", StringComparison.Ordinal), removed.ToString());
        Assert.DoesNotContain((await http.GetFromJsonAsync<JsonArray>("/api/verticals"))!, v => (string)v!["name"]! == "web");
        Assert.Empty((await http.GetFromJsonAsync<JsonArray>("/api/plugins"))!);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/apps")).StatusCode);

        var unknownSource = await CliProcess.RunAsync(_root.Path, "plugin", "add", Web, "--source", _root.Combine("elsewhere"), "--server", server);
        Assert.Equal(1, unknownSource.ExitCode);
        Assert.StartsWith("error: source: ", unknownSource.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
