using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Testing;
using Strata.Verticals.Functions.Worker.Catalog;
using Strata.Verticals.Functions.Worker.Loading;

namespace Strata.Verticals.Functions.Tests.Worker;

/// <summary>The loader in this process, so that a WeakReference can prove an unloaded function is collected.</summary>
public sealed class FunctionLoaderTests : IDisposable
{
    private readonly TempDirectory _functions = new("strata-functions");
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        _functions.Dispose();
    }

    [Fact]
    public async Task A_loaded_function_answers_from_its_own_context_and_is_collected_after_unload()
    {
        var folder = FunctionFolders.Register(_functions.Path, "hello", "Hello", revision: 2);

        var (weak, body) = await LoadInvokeAndUnloadAsync(FunctionDescriptor.Read(folder));

        Assert.Equal("Hello, WORLD! path= context=hello@2 library-context=hello@2\n", body);
        for (var i = 0; weak.IsAlive && i < 20; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(weak.IsAlive, "The function's load context was not collected after unloading: something still references it.");
    }

    [Fact]
    public void Two_loads_of_one_assembly_are_isolated_from_each_other()
    {
        var folder = FunctionFolders.Register(_functions.Path, "hello", "Hello");
        var loader = Loader();

        var first = loader.Load(FunctionDescriptor.Read(folder));
        var second = loader.Load(FunctionDescriptor.Read(folder));
        try
        {
            Assert.NotSame(first.Context, second.Context);
            Assert.True(first.Context.IsCollectible);
            Assert.NotSame(first.Context.Assemblies.Single(), second.Context.Assemblies.Single());
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(HttpContext).Assembly));
        }
        finally
        {
            first.Context.Unload();
            second.Context.Unload();
        }
    }

    [Fact]
    public void A_closed_function_cannot_be_entered_and_a_busy_one_cannot_be_closed()
    {
        var loaded = Loader().Load(FunctionDescriptor.Read(FunctionFolders.Register(_functions.Path, "hello", "Hello")));
        try
        {
            Assert.True(loaded.TryEnter());
            Assert.False(loaded.TryClose());
            loaded.Exit();
            Assert.True(loaded.TryClose());
            Assert.False(loaded.TryEnter());
        }
        finally
        {
            loaded.Context.Unload();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<(WeakReference Context, string Body)> LoadInvokeAndUnloadAsync(FunctionDescriptor descriptor)
    {
        var loaded = Loader().Load(descriptor);
        var context = new DefaultHttpContext { RequestServices = _services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        var result = await loaded.Invoke(context);
        await result.ExecuteAsync(context);
        var weak = new WeakReference(loaded.Context);
        loaded.Context.Unload();
        return (weak, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    private FunctionLoader Loader() => new(_services.GetRequiredService<ILoggerFactory>(), new ConfigurationBuilder().Build(), _services);
}
