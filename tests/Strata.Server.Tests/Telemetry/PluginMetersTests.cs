using System.Diagnostics.Metrics;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Plugins;
using Strata.Testing;

namespace Strata.Server.Tests.Telemetry;

/// <summary>A meter a plugin creates in its own load context is collected by the host (<c>AddMeter("Strata.*")</c>).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class PluginMetersTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-plugin-meters");

    [Fact]
    public async Task Meter_created_through_a_plugin_load_context_reaches_the_scrape()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.WebVertical);
        Assert.True(host.Services.GetRequiredService<VerticalCatalog>().TryGetLoaded("web", out var web));
        var pluginAssembly = web.Registration.Mapping!.Method.Module.Assembly;
        var context = AssemblyLoadContext.GetLoadContext(pluginAssembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);

        // What the plugin's code binds to when it says `new Meter(...)`.
        var meterAssembly = context.LoadFromAssemblyName(typeof(Meter).Assembly.GetName());
        Assert.Same(typeof(Meter).Assembly, meterAssembly);

        var meterType = meterAssembly.GetType(typeof(Meter).FullName!, throwOnError: true)!;
        using var meter = (Meter)Activator.CreateInstance(meterType, "Strata.Verticals.PluginMetersTest")!;
        meter.CreateCounter<long>("strata.plugin_meters_test.things", "{thing}").Add(3);

        var scrape = await PrometheusScrape.ReadAsync(host.Http);
        Assert.Equal(3, scrape.Sum("strata_plugin_meters_test_things_total", ("otel_scope_name", "Strata.Verticals.PluginMetersTest")));
    }

    public void Dispose() => _root.Dispose();
}
