using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Plugins;
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
    public async Task Update_to_a_version_whose_assembly_lands_at_the_same_path_loads_the_new_assembly()
    {
        // Two builds that differ in one string literal: the descriptor's version, "1.0.0" in the fixture.
        PackAltered(FixturePlugins.OtherYaml, "1.0.0", "1.0.0");
        PackAltered(FixturePlugins.OtherYaml, "2.0.0", "2.0.0");
        (await _host.Http.PostAsJsonAsync("/api/plugins", new { id = OtherYaml, version = "1.0.0" })).EnsureSuccessStatusCode();
        var assembly = Path.Combine(_host.DataDirectory, "plugins", OtherYaml, OtherYaml + ".dll");
        Assert.Equal("1.0.0", await DescriptorVersionAsync("other-yaml"));
        // Holding the old version's registration (delegates into the plugin) keeps its load context alive, as
        // something the host failed to release would: the runtime then still caches the old image by its path.
        var old = _host.Services.GetRequiredService<VerticalCatalog>().Find("other-yaml")!.Registration;

        var updated = (await (await _host.Http.PostAsJsonAsync($"/api/plugins/{OtherYaml}/update", new { })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.False((bool)updated["previousCollected"]!);
        Assert.True(File.Exists(assembly));
        Assert.Equal("2.0.0", await DescriptorVersionAsync("other-yaml"));
        GC.KeepAlive(old);
        Assert.StartsWith("13.", await _host.Http.GetStringAsync("/v/other-yaml/yaml-version"), StringComparison.Ordinal);
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

    private async Task<string?> DescriptorVersionAsync(string vertical)
        => (string?)(await _host.Http.GetFromJsonAsync<JsonArray>("/api/verticals"))!.Single(v => (string)v!["name"]! == vertical)!["version"];

    /// <summary>Packs the fixture's build output with its one UTF-16 string literal "1.0.0" replaced by <paramref name="literal"/>.</summary>
    private void PackAltered(string projectFolder, string version, string literal)
    {
        var id = Path.GetFileName(projectFolder);
        var folder = _root.Combine("altered-" + version);
        foreach (var file in Directory.GetFiles(RepoPaths.BuildOutput(projectFolder)))
        {
            Directory.CreateDirectory(folder);
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var dll = Path.Combine(folder, id + ".dll");
        var bytes = File.ReadAllBytes(dll);
        // In the #US heap a literal is its length in bytes plus one, then UTF-16; the prefix keeps "0.1.0.0" of the version resource out.
        byte[] from = [0x0B, .. System.Text.Encoding.Unicode.GetBytes("1.0.0")];
        byte[] to = [0x0B, .. System.Text.Encoding.Unicode.GetBytes(literal)];
        Assert.Equal(from.Length, to.Length);
        var at = bytes.AsSpan().IndexOf(from);
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(from) < 0, $"{id}.dll must hold the literal \"1.0.0\" exactly once.");
        to.CopyTo(bytes, at);
        File.WriteAllBytes(dll, bytes);
        FixturePackages.PackFolder(Feed, id, folder, version);
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
