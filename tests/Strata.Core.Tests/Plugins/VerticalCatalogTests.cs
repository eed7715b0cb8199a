using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core.Plugins;
using Strata.Manifest;
using Strata.Testing;
using Strata.Validation;

namespace Strata.Core.Tests.Plugins;

public sealed class VerticalCatalogTests : IDisposable
{
    private readonly TempDirectory _plugins = new("strata-plugins");

    private static VerticalCatalog NewCatalog() => new(new ConfigurationBuilder().Build(), NullLoggerFactory.Instance);

    [Fact]
    public void Incompatible_contract_is_refused_naming_both_versions_and_never_configured()
    {
        var folder = FixturePlugins.Install(_plugins.Path, FixturePlugins.Incompatible);
        var vertical = NewCatalog().Load(folder);

        Assert.Equal(VerticalState.Refused, vertical.State);
        Assert.Equal("incompatible", vertical.Name);
        Assert.Contains("built for contract 2.0", vertical.Reason);
        Assert.Contains($"this host speaks contract {StrataContract.Version}", vertical.Reason);
        Assert.Null(vertical.Services);
    }

    [Fact]
    public void Plugin_that_throws_in_Configure_is_failed_with_the_reason_and_the_others_load()
    {
        FixturePlugins.Install(_plugins.Path, FixturePlugins.ThrowsInConfigure);
        FixturePlugins.Install(_plugins.Path, FixturePlugins.Functions);
        FixturePlugins.Install(_plugins.Path, FixturePlugins.Incompatible);
        var catalog = NewCatalog();

        var loaded = catalog.LoadDirectory(_plugins.Path);

        Assert.Equal(3, loaded.Count);
        var failed = Assert.Single(catalog.All, v => v.Name == "throws-in-configure");
        Assert.Equal(VerticalState.Failed, failed.State);
        Assert.Contains("threw in Configure", failed.Reason);
        Assert.Contains("the fixture's database is unreachable", failed.Reason);
        Assert.True(catalog.TryGetLoaded("functions", out var functions));
        Assert.Equal(VerticalState.Loaded, functions.State);
        Assert.False(catalog.TryGetLoaded("throws-in-configure", out _));
    }

    [Fact]
    public void Functions_vertical_declares_templates_steps_api_mapping_and_validation()
    {
        var vertical = NewCatalog().Load(FixturePlugins.Install(_plugins.Path, FixturePlugins.Functions));

        Assert.Equal(VerticalState.Loaded, vertical.State);
        Assert.Equal(["http", "timer", "pool"], vertical.Registration.TemplateSets.Select(t => t.Name));
        Assert.Contains(vertical.Registration.TemplateSets[0].Files, f => f.Path == "strata.yaml");
        Assert.Equal("package", Assert.Single(vertical.Registration.BuildSteps).Name);
        Assert.Single(vertical.Registration.EndpointMaps);
        Assert.NotNull(vertical.Registration.Mapping);

        var context = new SpecValidationContext(new AppManifest { Name = "x", Vertical = "functions", Spec = System.Text.Json.JsonDocument.Parse("""{"timeoutSeconds": 0, "extra": 1}""").RootElement });
        vertical.Registration.SpecValidation!(context);
        Assert.Equal(["spec.extra", "spec.handler", "spec.timeoutSeconds"], context.Problems.Select(p => p.Path).Order());
    }

    [Fact]
    public void Plugin_with_its_own_YamlDotNet_loads_beside_the_host_version()
    {
        var vertical = NewCatalog().Load(FixturePlugins.Install(_plugins.Path, FixturePlugins.OtherYaml));

        Assert.Equal(VerticalState.Loaded, vertical.State);
        var pluginYaml = vertical.Registration.EndpointMaps[0].Method.Module.Assembly.GetReferencedAssemblies().Single(a => a.Name == "YamlDotNet");
        Assert.Equal(13, pluginYaml.Version!.Major);
        Assert.Equal(16, typeof(YamlDotNet.RepresentationModel.YamlStream).Assembly.GetName().Version!.Major);
    }

    [Fact]
    public void Folder_without_its_assembly_is_refused_with_the_expected_layout()
    {
        var empty = Directory.CreateDirectory(_plugins.Combine("Acme.Empty")).FullName;
        var vertical = NewCatalog().Load(empty);

        Assert.Equal(VerticalState.Refused, vertical.State);
        Assert.Contains("has no 'Acme.Empty.dll'", vertical.Reason);
    }

    [Fact]
    public void Second_plugin_with_a_taken_name_is_refused_and_the_first_keeps_serving()
    {
        var catalog = NewCatalog();
        var first = catalog.Load(FixturePlugins.Install(_plugins.Path, FixturePlugins.Functions));
        using var other = new TempDirectory("strata-plugins-2");
        var second = catalog.Load(FixturePlugins.Install(other.Path, FixturePlugins.Functions));

        Assert.Equal(VerticalState.Refused, second.State);
        Assert.Contains("already uses", second.Reason);
        Assert.True(catalog.TryGetLoaded("functions", out var serving));
        Assert.Same(first, serving);
    }

    [Fact]
    public async Task Unloading_frees_the_plugin_load_context()
    {
        var catalog = NewCatalog();
        var context = await LoadAndUnloadAsync(catalog, FixturePlugins.Install(_plugins.Path, FixturePlugins.Functions));

        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        Assert.False(context.IsAlive, "the plugin's load context is still referenced after unload");
        Assert.Empty(catalog.All);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> LoadAndUnloadAsync(VerticalCatalog catalog, string folder)
    {
        Assert.Equal(VerticalState.Loaded, catalog.Load(folder).State);
        return (await catalog.UnloadAsync("functions", TimeSpan.FromSeconds(1)))!;
    }

    public void Dispose() => _plugins.Dispose();
}
