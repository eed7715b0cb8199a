using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Server.Tests.Gateway;

/// <summary>Apps of the web fixture vertical: write one, deploy it, read what runs.</summary>
internal sealed class WebApps(TestHost host, TempDirectory root)
{
    public static string AppDirectory { get; } = RepoPaths.BuildOutput(FixturePlugins.WebApp);

    /// <summary>The app's address on the gateway.</summary>
    public Uri Url(string app, string path = "") => new(host.Address, $"/apps/web/{app}/{path}");

    /// <summary>Writes the app folder (a new manifest each call) and deploys it; returns the response.</summary>
    public async Task<HttpResponseMessage> DeployAsync(string app, string greeting, int replicas = 2, bool crashAtStart = false, string caas = "")
    {
        var folder = root.Combine("apps", app);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), $"""
            name: {app}
            vertical: web
            spec:
              appDirectory: {AppDirectory}
              replicas: {replicas}
              greeting: {greeting}
              crashAtStart: {(crashAtStart ? "true" : "false")}
            {caas}
            """);
        return await host.Http.PostAsJsonAsync($"/api/apps/{app}/deploy", new { path = folder });
    }

    /// <summary>Deploys and fails the test unless the revision serves.</summary>
    public async Task DeployOkAsync(string app, string greeting, int replicas = 2, string caas = "")
    {
        using var response = await DeployAsync(app, greeting, replicas, caas: caas);
        Assert.True(response.IsSuccessStatusCode, $"deploy answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The bodies of <paramref name="count"/> GETs of the app's root, one after the other.</summary>
    public async Task<IReadOnlySet<string>> AnswersAsync(string app, int count = 20)
    {
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            bodies.Add(await host.Http.GetStringAsync(Url(app)));
        }

        return bodies;
    }

    /// <summary>The replicas of service <c>web</c> as the status API reports them.</summary>
    public async Task<IReadOnlyList<JsonNode>> ReplicasAsync(string app)
    {
        var status = (await host.Http.GetFromJsonAsync<JsonObject>($"/api/apps/{app}/status"))!;
        var web = status["services"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "web")!;
        return [.. web["replicas"]!.AsArray().Select(r => r!)];
    }

    /// <summary>The process ids of the ready replicas.</summary>
    public async Task<IReadOnlyList<int>> ReadyPidsAsync(string app) =>
        [.. (await ReplicasAsync(app)).Where(r => r["state"]!.GetValue<string>() == "Ready").Select(r => r["processId"]!.GetValue<int>())];
}
