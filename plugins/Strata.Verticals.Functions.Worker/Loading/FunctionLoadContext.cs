using System.Reflection;
using System.Runtime.Loader;

namespace Strata.Verticals.Functions.Worker.Loading;

/// <summary>
/// The collectible load context of one loaded function revision. Assemblies of the shared framework
/// (and the worker's own) come from the default context, so <c>HttpContext</c>, <c>IResult</c>,
/// <c>ILogger</c> are the worker's types; the function's private dependencies load here, found
/// through its deps.json.
/// </summary>
internal sealed class FunctionLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> PlatformAssemblies = ReadPlatformAssemblies();
    private readonly string _entryPath;
    private AssemblyDependencyResolver? _resolver;

    public FunctionLoadContext(string name, string entryPath)
        : base(name, isCollectible: true)
    {
        _entryPath = entryPath;
    }

    /// <summary>Whether the default context provides <paramref name="name"/> (framework or worker assembly).</summary>
    public static bool IsPlatformAssembly(AssemblyName name) => name.Name is { } simple && PlatformAssemblies.Contains(simple);

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // A framework assembly must be the default context's, or the function's HttpContext would be
        // another type than the worker's. Falling back is also what makes most loads cheap.
        if (IsPlatformAssembly(assemblyName))
        {
            return null;
        }

        // Created on the first private dependency only: probing deps.json costs ~0.4 ms of a cold start.
        var path = Resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = Resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private AssemblyDependencyResolver Resolver => _resolver ??= new AssemblyDependencyResolver(_entryPath);

    private static HashSet<string> ReadPlatformAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }
}
