using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Server.Tests;

public sealed class VerticalsApiTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-server");

    [Fact]
    public async Task Lists_loaded_refused_and_failed_verticals_with_reasons()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions, FixturePlugins.Incompatible, FixturePlugins.ThrowsInConfigure, FixturePlugins.OtherYaml);

        var verticals = (await host.Http.GetFromJsonAsync<JsonArray>("/api/verticals"))!.ToDictionary(v => v!["name"]!.GetValue<string>());

        Assert.Equal(["functions", "incompatible", "other-yaml", "throws-in-configure"], verticals.Keys.Order());
        Assert.Equal("Loaded", verticals["functions"]!["state"]!.GetValue<string>());
        Assert.Equal("Refused", verticals["incompatible"]!["state"]!.GetValue<string>());
        Assert.Contains("built for contract 2.0", verticals["incompatible"]!["reason"]!.GetValue<string>());
        Assert.Contains($"this host speaks contract {StrataContract.Version}", verticals["incompatible"]!["reason"]!.GetValue<string>());
        Assert.Equal("Failed", verticals["throws-in-configure"]!["state"]!.GetValue<string>());
        Assert.Contains("the fixture's database is unreachable", verticals["throws-in-configure"]!["reason"]!.GetValue<string>());
        Assert.Equal(["http", "timer", "pool"], verticals["functions"]!["templates"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Plugin_with_another_YamlDotNet_serves_its_api_with_its_own_copy()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);

        Assert.StartsWith("13.", await host.Http.GetStringAsync("/v/other-yaml/yaml-version"));
        var parsed = await host.Http.PostAsync("/v/other-yaml/parse", new StringContent("a: 1\nb: [x, y]\nc: {d: 2}\n"));
        Assert.Equal("3", await parsed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Plugin_that_throws_at_request_time_gets_a_problem_and_the_host_stays_up()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);

        var response = await host.Http.GetAsync("/v/other-yaml/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("fixture failure at request time", problem!["detail"]!.GetValue<string>());
        Assert.Contains("other-yaml", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/api/verticals")).StatusCode);
        Assert.StartsWith("13.", await host.Http.GetStringAsync("/v/other-yaml/yaml-version"));
    }

    [Fact]
    public async Task New_renders_the_vertical_template_for_the_app()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);

        var response = await host.Http.PostAsJsonAsync("/api/verticals/functions/new", new { app = "hello-world" });

        response.EnsureSuccessStatusCode();
        var files = (await response.Content.ReadFromJsonAsync<JsonObject>())!["files"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!["content"]!.GetValue<string>());
        Assert.Equal(["Function.cs", "strata.yaml"], files.Keys.Order());
        Assert.Contains("name: hello-world", files["strata.yaml"]);
        Assert.Contains("handler: HelloWorld.Function", files["strata.yaml"]);
        Assert.Contains("namespace HelloWorld;", files["Function.cs"]);
    }

    [Fact]
    public async Task New_with_an_unknown_template_and_a_bad_name_reports_both()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);

        var response = await host.Http.PostAsJsonAsync("/api/verticals/functions/new", new { app = "Hello_World", template = "grpc" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["app", "template"], errors.Select(e => e.Key).Order());
        Assert.Contains("hello-world", errors["app"]![0]!.GetValue<string>());
        Assert.Contains("has http", errors["template"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_document_describes_control_and_vertical_apis()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);

        var document = await host.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/apps/{app}/deploy", paths);
        Assert.Contains("/api/verticals", paths);
        Assert.Contains("/v/functions/{app}/invoke", paths);
    }

    public void Dispose() => _root.Dispose();
}
