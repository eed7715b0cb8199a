using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Strata.Testing;

namespace Strata.Server.Tests;

public sealed class AppsApiTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-server");

    private string WriteApp(string folder, string manifest)
    {
        var path = _root.Combine("apps", folder);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "strata.yaml"), manifest);
        return path;
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static Dictionary<string, string> Errors(JsonObject problem)
        => problem["errors"]!.AsObject().ToDictionary(e => e.Key, e => string.Join(" | ", e.Value!.AsArray().Select(m => m!.GetValue<string>())));

    [Fact]
    public async Task Invalid_manifest_gets_every_problem_with_its_path()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);
        var app = WriteApp("bad", """
            name: Bad_Name
            colour: blue
            caas:
              replicas: many
              autoscale: { min: 5, max: 2 }
              env: { "1BAD": x }
            """);

        var response = await host.Http.PostAsJsonAsync("/api/apps/bad/deploy", new { path = app });

        var errors = Errors(await ProblemAsync(response, HttpStatusCode.BadRequest));
        Assert.Contains("name", errors.Keys);
        Assert.Contains("vertical", errors.Keys);
        Assert.Contains("colour", errors.Keys);
        Assert.Contains("caas.replicas", errors.Keys);
        Assert.Contains(errors.Keys, k => k.StartsWith("caas.autoscale", StringComparison.Ordinal));
        Assert.Contains(errors.Keys, k => k.StartsWith("caas.env", StringComparison.Ordinal));
        Assert.Contains("bad-name", errors["name"]);
    }

    [Fact]
    public async Task Invalid_spec_gets_every_problem_from_the_vertical_with_its_path()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);
        var app = WriteApp("fn", """
            name: fn
            vertical: functions
            spec:
              timeoutSeconds: 9999
              memory: 1Gi
            """);

        var errors = Errors(await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/fn/deploy", new { path = app }), HttpStatusCode.BadRequest));

        Assert.Equal(["spec.handler", "spec.memory", "spec.timeoutSeconds"], errors.Keys.Order());
        Assert.Contains("1 to 900", errors["spec.timeoutSeconds"]);
    }

    [Fact]
    public async Task Unknown_vertical_names_the_loaded_ones()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions, FixturePlugins.ThrowsInConfigure);
        var unknown = WriteApp("a", "name: a\nvertical: games\n");
        var failed = WriteApp("b", "name: b\nvertical: throws-in-configure\n");

        var unknownErrors = Errors(await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/a/deploy", new { path = unknown }), HttpStatusCode.BadRequest));
        var failedErrors = Errors(await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/b/deploy", new { path = failed }), HttpStatusCode.BadRequest));

        Assert.Contains("loaded verticals: functions", unknownErrors["vertical"]);
        Assert.Contains("the fixture's database is unreachable", failedErrors["vertical"]);
    }

    [Theory]
    [InlineData("Hello_World", "hello-world")]
    [InlineData("9lives", "x-9lives")]
    public async Task App_name_that_is_not_dns_safe_is_refused_with_the_normalised_suggestion(string name, string suggestion)
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);

        var response = await host.Http.PostAsJsonAsync("/api/apps", new { name, vertical = "functions" });

        Assert.Contains(suggestion, Errors(await ProblemAsync(response, HttpStatusCode.BadRequest))["name"]);
    }

    [Fact]
    public async Task Manifest_name_must_match_the_app_in_the_url()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);
        var app = WriteApp("x", "name: sized\nvertical: other-yaml\nspec: { size: 1 }\n");

        var errors = Errors(await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/other/deploy", new { path = app }), HttpStatusCode.BadRequest));

        Assert.Contains("request deploys app 'other'", errors["name"]);
    }

    [Fact]
    public async Task Malformed_json_body_is_a_problem_with_the_path()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);

        var response = await host.Http.PostAsync("/api/apps", new StringContent("""{"name": 12}""", Encoding.UTF8, "application/json"));

        Assert.Contains("name", Errors(await ProblemAsync(response, HttpStatusCode.BadRequest)).Keys);
    }

    [Fact]
    public async Task Archive_entry_escaping_the_app_folder_is_refused_and_nothing_is_written()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);
        var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "strata.yaml") { DataStream = new MemoryStream("name: x\nvertical: other-yaml\nspec: {size: 1}\n"u8.ToArray()) });
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "../escaped.txt") { DataStream = new MemoryStream("gotcha"u8.ToArray()) });
        }

        buffer.Position = 0;
        var content = new StreamContent(buffer);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        var response = await host.Http.PostAsync("/api/apps/x/deploy", content);

        Assert.Contains("outside the app folder", (await ProblemAsync(response, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
        Assert.Empty(Directory.EnumerateFiles(host.DataDirectory, "escaped.txt", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(host.DataDirectory, "staging")));
    }

    [Fact]
    public async Task Apps_and_revisions_survive_a_host_restart_on_the_same_sqlite_file()
    {
        var app = WriteApp("sized", "name: sized\nvertical: other-yaml\nspec: { size: 1 }\n");
        await using (var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml))
        {
            Assert.Equal(HttpStatusCode.Created, (await host.Http.PostAsJsonAsync("/api/apps/sized/deploy", new { path = app })).StatusCode);
            File.WriteAllText(Path.Combine(app, "strata.yaml"), "name: sized\nvertical: other-yaml\nspec: { size: 2 }\n");
            Assert.Equal(HttpStatusCode.Created, (await host.Http.PostAsJsonAsync("/api/apps/sized/deploy", new { path = app })).StatusCode);
        }

        await using var restarted = await TestHost.StartAsync(_root);
        var apps = (await restarted.Http.GetFromJsonAsync<JsonArray>("/api/apps"))!;
        var only = Assert.Single(apps);
        Assert.Equal("sized", only!["name"]!.GetValue<string>());
        Assert.Equal(2, only["currentRevision"]!.GetValue<int>());
        var revisions = (await restarted.Http.GetFromJsonAsync<JsonArray>("/api/apps/sized/revisions"))!;
        Assert.Equal([2, 1], revisions.Select(r => r!["number"]!.GetValue<int>()));
        Assert.True(revisions[0]!["serving"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Deploying_unchanged_sources_keeps_the_serving_revision()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);
        var app = WriteApp("same", "name: same\nvertical: other-yaml\nspec: { size: 1 }\n");

        var first = await host.Http.PostAsJsonAsync("/api/apps/same/deploy", new { path = app });
        var second = await host.Http.PostAsJsonAsync("/api/apps/same/deploy", new { path = app });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(body["unchanged"]!.GetValue<bool>());
        Assert.Equal(1, body["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_spec_change_without_a_path_deploys_the_serving_sources_again_as_a_new_revision()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);
        var app = WriteApp("sized", "name: sized\nvertical: other-yaml\nspec: { size: 1, keep: me }\ncaas:\n  env: { A: b }\n");
        File.WriteAllText(Path.Combine(app, "data.txt"), "kept");
        Assert.Equal(HttpStatusCode.Created, (await host.Http.PostAsJsonAsync("/api/apps/sized/deploy", new { path = app })).StatusCode);

        var changed = await host.Http.PostAsJsonAsync("/api/apps/sized/deploy", new { spec = new { size = 2, run = new { label = "x" } } });

        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal(2, (await changed.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!.GetValue<int>());
        var state = host.Services.GetRequiredService<Strata.Core.State.StateStore>();
        var revision = (await state.GetRevisionAsync(new Strata.Core.Runtime.AppRef("other-yaml", "sized"), 2, CancellationToken.None))!;
        var manifest = Strata.Core.Manifest.AppManifestParser.Parse(revision.ManifestYaml).Manifest!;
        Assert.Equal("""{"size":2,"keep":"me","run":{"label":"x"}}""", manifest.Spec.GetRawText());
        Assert.Equal("b", manifest.Caas.Env["A"]);
        Assert.Equal("kept", File.ReadAllText(Path.Combine(revision.SourcePath!, "data.txt")));

        // The vertical validates the changed spec like any deploy: every problem with its path, no revision.
        var errors = Errors(await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/sized/deploy", new { spec = new { size = (int?)null } }), HttpStatusCode.BadRequest));
        Assert.Equal("is required.", errors["spec.size"]);
        Assert.Equal(2, (await host.Http.GetFromJsonAsync<JsonArray>("/api/apps/sized/revisions"))!.Count);
        Assert.Contains("JSON object", Errors(await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/sized/deploy", new { spec = 3 }), HttpStatusCode.BadRequest))["spec"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_change_needs_a_serving_revision()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.OtherYaml);
        Assert.Equal(HttpStatusCode.Created, (await host.Http.PostAsJsonAsync("/api/apps", new { name = "fresh", vertical = "other-yaml" })).StatusCode);

        var errors = Errors(await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/fresh/deploy", new { spec = new { size = 1 } }), HttpStatusCode.BadRequest));

        Assert.Contains("no serving revision", errors["path"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_app_is_a_404_problem()
    {
        await using var host = await TestHost.StartAsync(_root);

        var problem = await ProblemAsync(await host.Http.GetAsync("/api/apps/ghost/status"), HttpStatusCode.NotFound);

        Assert.Contains("No app named 'ghost'", problem["detail"]!.GetValue<string>());
    }

    public void Dispose() => _root.Dispose();
}
