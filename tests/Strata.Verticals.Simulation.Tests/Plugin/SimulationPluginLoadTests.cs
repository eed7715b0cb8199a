using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core.Plugins;
using Strata.Testing;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Verticals.Simulation.Tests.Plugin;

/// <summary>The built plugin in the host's plugin loader: it loads, maps and validates across the boundary, and unloads.</summary>
public sealed class SimulationPluginLoadTests : IDisposable
{
    private readonly TempDirectory _plugins = new("strata-sim-plugins");

    [Fact]
    public async Task The_plugin_loads_maps_a_sweep_and_its_load_context_is_collected_after_unload()
    {
        var catalog = new VerticalCatalog(new ConfigurationBuilder().Build(), NullLoggerFactory.Instance);
        var context = await LoadUseAndUnloadAsync(catalog, FixturePlugins.Install(_plugins.Path, "plugins/Strata.Verticals.Simulation"));

        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        Assert.False(context.IsAlive, "the simulation plugin's load context is still referenced after unload");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> LoadUseAndUnloadAsync(VerticalCatalog catalog, string folder)
    {
        var loaded = catalog.Load(folder);
        Assert.True(loaded.State == VerticalState.Loaded, loaded.Reason);
        Assert.Equal("simulation", loaded.Name);
        Assert.Equal(WellKnownSteps(), loaded.Registration.BuildSteps.Select(s => s.Name));
        Assert.Single(loaded.Registration.EndpointMaps);

        var manifest = Manifests.Heat("""{ "sweep": { "grid": { "alpha": [0.5, 1, 2] } }, "parallelism": 2 }""");
        var validation = new SpecValidationContext(manifest);
        loaded.Registration.SpecValidation!(validation);
        Assert.Empty(validation.Problems);
        var set = loaded.Registration.Mapping!(new AppRevision { Manifest = manifest, Number = 1, Artifacts = new Dictionary<string, Artifact> { ["default"] = new() { Directory = "/a", Command = ["dotnet", "heat.dll"] } } });
        Assert.Equal(3, Assert.Single(set.Jobs).Completions);

        return (await catalog.UnloadAsync("simulation", TimeSpan.FromSeconds(1)))!;
    }

    private static string[] WellKnownSteps() => [Strata.Building.WellKnownBuildSteps.Package];

    public void Dispose() => _plugins.Dispose();
}
