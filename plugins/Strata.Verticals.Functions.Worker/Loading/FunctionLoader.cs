using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Strata.Verticals.Functions.Worker.Catalog;

namespace Strata.Verticals.Functions.Worker.Loading;

/// <summary>Loads a function revision into a new collectible context and binds its handler.</summary>
internal sealed class FunctionLoader(ILoggerFactory loggers, IConfiguration configuration, IServiceProvider services)
{
    /// <summary>Loads <paramref name="descriptor"/>; on failure the context is unloaded again.</summary>
    /// <exception cref="FunctionLoadException">The assembly or handler cannot be loaded; the message says why.</exception>
    public LoadedFunction Load(FunctionDescriptor descriptor)
    {
        var what = $"Function '{descriptor.App}' revision {descriptor.Revision}";
        var path = descriptor.AssemblyPath;
        if (!File.Exists(path))
        {
            throw new FunctionLoadException($"{what}: assembly {descriptor.Assembly} is not in {descriptor.Directory}.");
        }

        var context = new FunctionLoadContext($"{descriptor.App}@{descriptor.Revision}", path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            var type = assembly.GetType(descriptor.Handler, throwOnError: false)
                ?? throw new FunctionLoadException($"{descriptor.Assembly} has no class '{descriptor.Handler}'. Check spec.handler in strata.yaml (namespace and class name).");
            var invoke = FunctionActivator.CreateInvoker(type, loggers, ConfigurationOf(descriptor), services);
            return new LoadedFunction(descriptor, context, invoke);
        }
        catch (Exception ex)
        {
            context.Unload();
            throw ex switch
            {
                FunctionLoadException => new FunctionLoadException($"{what}: {ex.Message}"),
                BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException or MissingMethodException
                    => new FunctionLoadException($"{what}: cannot load {descriptor.Assembly}: {ex.Message}"),
                _ => new FunctionLoadException($"{what}: loading failed: {ex.GetType().Name}: {ex.Message}"),
            };
        }
    }

    private IConfiguration ConfigurationOf(FunctionDescriptor descriptor)
    {
        if (descriptor.Settings.Count == 0)
        {
            return configuration;
        }

        // The function's own settings over the worker's: in a shared worker each app keeps its own.
        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(descriptor.Settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
    }

    /// <summary>Runs <paramref name="invoke"/> once off the request pipeline, writing to a throw-away response (start-up warm-up).</summary>
    internal static async Task<int> InvokeDetachedAsync(Func<HttpContext, Task<IResult>> invoke, IServiceProvider services)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = Stream.Null;
        var result = await invoke(context).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
        return context.Response.StatusCode;
    }
}
