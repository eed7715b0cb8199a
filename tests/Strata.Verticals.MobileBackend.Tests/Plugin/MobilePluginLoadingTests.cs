using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Building;
using Strata.Core.Plugins;
using Strata.Manifest;
using Strata.Testing;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Verticals.MobileBackend.Tests.Plugin;

/// <summary>
/// The built plugin, installed as an operator would and loaded by the host's catalog into its own
/// load context: validation, mapping and the package step (Scriban, the embedded server) run, and
/// the load context is collected once the vertical is unloaded.
/// </summary>
public sealed class MobilePluginLoadingTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-mobile-plugin");

    [Fact]
    public async Task The_vertical_loads_validates_maps_packages_and_unloads_without_leaking_its_load_context()
    {
        var catalog = new VerticalCatalog(new ConfigurationBuilder().Build(), NullLoggerFactory.Instance);
        var (context, artifact) = await UseAndUnloadAsync(catalog, FixturePlugins.Install(_root.Combine("plugins"), "plugins/Strata.Verticals.MobileBackend"), _root);

        Assert.True(File.Exists(Path.Combine(artifact, "Strata.Verticals.MobileBackend.Server.dll")));
        Assert.True(File.Exists(Path.Combine(artifact, "runtimes", "linux-x64", "native", "libe_sqlite3.so")));
        Assert.Contains("\"todos\"", await File.ReadAllTextAsync(Path.Combine(artifact, "mobile.json")));
        Assert.Contains("export interface TodosDocument", await File.ReadAllTextAsync(Path.Combine(artifact, "sdk", "typescript", "client.ts")));
        for (var i = 0; i < 30 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20);
        }

        Assert.False(context.IsAlive, "the mobile vertical's load context is still referenced after unload");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference Context, string Artifact)> UseAndUnloadAsync(VerticalCatalog catalog, string folder, TempDirectory root)
    {
        var vertical = catalog.Load(folder);
        Assert.True(vertical.State == VerticalState.Loaded, vertical.Reason);
        Assert.Equal("mobile", vertical.Name);
        Assert.Equal(["todo"], vertical.Registration.TemplateSets.Select(t => t.Name));

        using var spec = JsonDocument.Parse(Server.Specs.Todo);
        var manifest = new AppManifest { Name = "todo", Vertical = "mobile", Spec = spec.RootElement.Clone() };
        var validation = new SpecValidationContext(manifest);
        vertical.Registration.SpecValidation!(validation);
        Assert.Empty(validation.Problems);

        var source = Directory.CreateDirectory(root.Combine("source")).FullName;
        var work = Directory.CreateDirectory(root.Combine("work")).FullName;
        var build = new FolderBuildContext(manifest, source, work);
        await vertical.Registration.BuildSteps.Single(s => s.Name == WellKnownBuildSteps.Package).Action(build);
        var artifact = build.Artifacts[Artifact.DefaultName];

        var set = vertical.Registration.Mapping!(new AppRevision { Manifest = manifest, Number = 1, Artifacts = build.Artifacts });
        Assert.Equal("api", Assert.Single(set.Services).Name);
        return ((await catalog.UnloadAsync("mobile", TimeSpan.FromSeconds(1)))!, artifact.Directory!);
    }

    public void Dispose() => _root.Dispose();
}
