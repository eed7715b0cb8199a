using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.State;
using Strata.Testing;

namespace Strata.Server.Tests.Plugins;

public sealed class PluginsApiTests : IAsyncLifetime
{
    private const string OtherYaml = "Strata.Fixtures.OtherYaml";
    private readonly TempDirectory _root = new();
    private TestHost _host = null!;

    private string Feed => _root.Combine("feed");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        _host = await TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Plugins:Sources:0"] = Feed });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task Add_loads_the_package_into_the_running_host_and_records_its_hash()
    {
        var package = FixturePackages.Pack(Feed, FixturePlugins.OtherYaml, "1.0.0");
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.GetAsync("/v/other-yaml/yaml-version")).StatusCode);

        var response = await _host.Http.PostAsJsonAsync("/api/plugins", new { id = OtherYaml, source = Feed });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var installed = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var sha512 = Convert.ToBase64String(SHA512.HashData(await File.ReadAllBytesAsync(package)));
        Assert.Equal(("1.0.0", "other-yaml", "Loaded", sha512), ((string)installed["version"]!, (string)installed["vertical"]!, (string)installed["state"]!, (string)installed["sha512"]!));
        Assert.StartsWith("13.", await _host.Http.GetStringAsync("/v/other-yaml/yaml-version"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_host.DataDirectory, "plugins", OtherYaml, OtherYaml + ".dll")));
        Assert.True(File.Exists(Path.Combine(_host.DataDirectory, "plugins", OtherYaml, "YamlDotNet.dll")));
        var record = Assert.Single(await _host.Services.GetRequiredService<StateStore>().ListPluginsAsync(), r => r.Name == OtherYaml);
        Assert.Equal(("1.0.0", sha512, Feed), (record.Version, record.PackageHash, record.Source));
    }

    [Fact]
    public async Task Update_swaps_in_the_new_version_and_the_old_load_context_is_collected()
    {
        FixturePackages.Pack(Feed, FixturePlugins.OtherYaml, "1.0.0");
        (await _host.Http.PostAsJsonAsync("/api/plugins", new { id = OtherYaml })).EnsureSuccessStatusCode();
        FixturePackages.Pack(Feed, FixturePlugins.OtherYaml, "2.0.0");

        var updated = (await (await _host.Http.PostAsJsonAsync($"/api/plugins/{OtherYaml}/update", new { })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(("2.0.0", "1.0.0", true), ((string)updated["version"]!, (string)updated["previousVersion"]!, (bool)updated["previousCollected"]!));
        Assert.StartsWith("13.", await _host.Http.GetStringAsync("/v/other-yaml/yaml-version"), StringComparison.Ordinal);
        var again = (await (await _host.Http.PostAsJsonAsync($"/api/plugins/{OtherYaml}/update", new { })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((bool)again["unchanged"]!);
    }

    [Fact]
    public async Task Remove_unloads_the_plugin_deletes_its_files_and_forgets_it()
    {
        FixturePackages.Pack(Feed, FixturePlugins.OtherYaml, "1.0.0");
        (await _host.Http.PostAsJsonAsync("/api/plugins", new { id = OtherYaml })).EnsureSuccessStatusCode();

        var removed = (await (await _host.Http.DeleteAsync($"/api/plugins/{OtherYaml}")).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.True((bool)removed["previousCollected"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.GetAsync("/v/other-yaml/yaml-version")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "plugins", OtherYaml)));
        Assert.Empty((await _host.Http.GetFromJsonAsync<JsonArray>("/api/plugins"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.DeleteAsync($"/api/plugins/{OtherYaml}")).StatusCode);
    }

    [Fact]
    public async Task A_package_built_for_another_contract_is_refused_and_leaves_nothing_installed()
    {
        FixturePackages.Pack(Feed, FixturePlugins.Incompatible, "9.9.9");

        var response = await _host.Http.PostAsJsonAsync("/api/plugins", new { id = "Strata.Fixtures.Incompatible" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!;
        Assert.Contains("contract 2.0", detail, StringComparison.Ordinal);
        Assert.Contains($"contract {StrataContract.Version}", detail, StringComparison.Ordinal);
        Assert.Empty(InstalledFolders());
        Assert.Empty((await _host.Http.GetFromJsonAsync<JsonArray>("/api/plugins"))!);
        Assert.DoesNotContain((await _host.Http.GetFromJsonAsync<JsonArray>("/api/verticals"))!, v => (string)v!["name"]! == "incompatible");
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync("/api/apps")).StatusCode);
    }

    [Theory]
    [InlineData("""{"id": "Strata.Fixtures.OtherYaml", "source": "/somewhere/else"}""", "source")]
    [InlineData("""{"id": "../evil"}""", "id")]
    [InlineData("""{"id": "Strata.Fixtures.OtherYaml", "version": "not-a-version"}""", "version")]
    public async Task Bad_requests_are_refused_naming_the_field(string body, string field)
    {
        FixturePackages.Pack(Feed, FixturePlugins.OtherYaml, "1.0.0");

        var response = await _host.Http.PostAsync("/api/plugins", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        Assert.Empty(InstalledFolders());
    }

    private string[] InstalledFolders()
    {
        var plugins = Path.Combine(_host.DataDirectory, "plugins");
        return Directory.Exists(plugins) ? Directory.GetFileSystemEntries(plugins) : [];
    }

    [Fact]
    public async Task A_package_no_source_has_is_not_found()
    {
        var response = await _host.Http.PostAsJsonAsync("/api/plugins", new { id = "Acme.Verticals.Missing" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Acme.Verticals.Missing", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }
}
