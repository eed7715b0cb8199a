using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;
using McMaster.NETCore.Plugins;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Plugins;

namespace Strata.Core.Plugins;

/// <summary>
/// Loads vertical plugins from plugin folders (<c>&lt;plugins&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>), each into its own
/// unloadable load context that shares only the contract and the framework with the host. A plugin
/// that is incompatible is refused, one that throws is marked failed; either way the host carries on.
/// </summary>
public sealed partial class VerticalCatalog : IAsyncDisposable
{
    // Types whose assemblies the host and plugins must share: the contract, and the DI, configuration,
    // logging and routing abstractions that appear in it. Everything else a plugin carries stays private.
    private static readonly Type[] SharedTypes =
    [
        typeof(IVerticalPlugin), typeof(IServiceCollection), typeof(IConfiguration),
        typeof(ILogger), typeof(IEndpointRouteBuilder), typeof(HttpContext),
    ];

    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Action<string, IServiceCollection>? _addHostServices;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private Dictionary<string, LoadedVertical> _verticals = new(StringComparer.Ordinal);

    /// <summary>Creates an empty catalog.</summary>
    /// <param name="configuration">The host configuration; a vertical gets its section <c>Strata:Verticals:&lt;name&gt;</c>.</param>
    /// <param name="loggerFactory">The host's logger factory, shared with plugins.</param>
    /// <param name="addHostServices">Adds the host services a plugin may use to its service collection, by vertical name.</param>
    /// <param name="time">The clock.</param>
    public VerticalCatalog(IConfiguration configuration, ILoggerFactory loggerFactory, Action<string, IServiceCollection>? addHostServices = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _configuration = configuration;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Strata.Plugins");
        _addHostServices = addHostServices;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised after a vertical was added, replaced or removed (argument: its name).</summary>
    public event Action<string>? Changed;

    /// <summary>Every vertical the host knows of, loaded or not, ordered by name.</summary>
    public IReadOnlyList<LoadedVertical> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _verticals.Values.OrderBy(v => v.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Finds a loaded vertical by name.</summary>
    public bool TryGetLoaded(string name, [NotNullWhen(true)] out LoadedVertical? vertical)
    {
        lock (_gate)
        {
            if (_verticals.TryGetValue(name, out var found) && found.State == VerticalState.Loaded)
            {
                vertical = found;
                return true;
            }
        }

        vertical = null;
        return false;
    }

    /// <summary>Finds a vertical by name, whatever its state.</summary>
    public LoadedVertical? Find(string name)
    {
        lock (_gate)
        {
            return _verticals.GetValueOrDefault(name);
        }
    }

    /// <summary>Loads every plugin folder below <paramref name="pluginsDirectory"/> (a missing directory loads nothing).</summary>
    public IReadOnlyList<LoadedVertical> LoadDirectory(string pluginsDirectory)
    {
        if (!System.IO.Directory.Exists(pluginsDirectory))
        {
            VerticalCatalogLog.NoPluginsDirectory(_logger, pluginsDirectory);
            return [];
        }

        return [.. System.IO.Directory.GetDirectories(pluginsDirectory).Order(StringComparer.Ordinal).Select(Load)];
    }

    /// <summary>Loads one plugin folder. Never throws for a bad plugin: the result says why it was refused or failed.</summary>
    public LoadedVertical Load(string pluginDirectory)
    {
        var directory = Path.GetFullPath(pluginDirectory);
        var folderName = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        var mainAssembly = Path.Combine(directory, folderName + ".dll");
        if (!File.Exists(mainAssembly))
        {
            return Reject(folderName, directory, VerticalState.Refused, $"has no '{folderName}.dll'; a plugin folder holds <Name>/<Name>.dll and its private dependencies.");
        }

        PluginLoader? loader = null;
        try
        {
            // In memory: the runtime caches an image by its file path while any context still holds it, so a
            // new version put at the same path would otherwise load the old bytes until the old context is collected.
            loader = PluginLoader.CreateFromAssemblyFile(mainAssembly, isUnloadable: true, SharedTypes, config =>
            {
                config.PreferSharedTypes = false;
                config.LoadInMemory = true;
            });
            var assembly = loader.LoadDefaultAssembly();
            if (CheckContractReference(assembly) is { } referenceProblem)
            {
                return Reject(folderName, directory, VerticalState.Refused, referenceProblem, loader);
            }

            var entryTypes = FindEntryTypes(assembly);
            if (entryTypes.Count != 1)
            {
                var reason = entryTypes.Count == 0
                    ? $"'{folderName}.dll' has no public class implementing IVerticalPlugin; add one with a public parameterless constructor."
                    : $"'{folderName}.dll' has {entryTypes.Count} classes implementing IVerticalPlugin ({string.Join(", ", entryTypes.Select(t => t.FullName))}); keep exactly one.";
                return Reject(folderName, directory, VerticalState.Refused, reason, loader);
            }

            return Configure(folderName, directory, loader, entryTypes[0]);
        }
        catch (Exception ex)
        {
            return Reject(folderName, directory, VerticalState.Failed, $"could not be loaded: {Describe(ex)}", loader);
        }
    }

    private LoadedVertical Configure(string folderName, string directory, PluginLoader loader, Type entryType)
    {
        IVerticalPlugin plugin;
        VerticalDescriptor descriptor;
        using (loader.EnterContextualReflection())
        {
            try
            {
                plugin = (IVerticalPlugin)Activator.CreateInstance(entryType)!;
                descriptor = plugin.Descriptor ?? throw new StrataException("its Descriptor is null.");
            }
            catch (Exception ex)
            {
                return Reject(folderName, directory, VerticalState.Failed, $"threw while creating {entryType.FullName}: {Describe(ex)}", loader);
            }
        }

        var name = descriptor.Name ?? "";
        if (!DnsLabel().IsMatch(name))
        {
            return Reject(folderName, directory, VerticalState.Refused, $"declares vertical name '{name}', which is not DNS-safe (lower-case letters, digits and '-', starting with a letter, at most 63 characters).", loader, descriptor);
        }

        if (ContractVersionCheck.Check(descriptor.ContractVersion) is { } contractProblem)
        {
            return Reject(name, directory, VerticalState.Refused, contractProblem, loader, descriptor);
        }

        if (Find(name) is { State: VerticalState.Loaded } existing && existing.Directory != directory)
        {
            return Reject(name, directory, VerticalState.Refused, $"declares vertical name '{name}', which the plugin in '{existing.Directory}' already uses.", loader, descriptor, keepExisting: true);
        }

        var services = new ServiceCollection();
        _addHostServices?.Invoke(name, services);
        var builder = new VerticalBuilder(descriptor, services, _configuration.GetSection($"Strata:Verticals:{name}"));
        ServiceProvider provider;
        using (loader.EnterContextualReflection())
        {
            try
            {
                plugin.Configure(builder);
            }
            catch (Exception ex)
            {
                return Reject(name, directory, VerticalState.Failed, $"threw in Configure: {Describe(ex)}", loader, descriptor);
            }

            try
            {
                provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
            }
            catch (Exception ex)
            {
                return Reject(name, directory, VerticalState.Failed, $"registers services that cannot be built: {Describe(ex)}", loader, descriptor);
            }
        }

        var vertical = new LoadedVertical(name, directory, VerticalState.Loaded, null)
        {
            Descriptor = descriptor,
            Registration = builder.Build(),
            Services = provider,
            Loader = loader,
            LoadedAt = _time.GetUtcNow(),
        };
        Publish(vertical);
        VerticalCatalogLog.Loaded(_logger, name, descriptor.Version, directory);
        return vertical;
    }

    /// <summary>
    /// Removes a vertical: its API stops answering at once, the unload waits (bounded) for its work in
    /// flight, then disposes its services and unloads its load context.
    /// </summary>
    /// <returns>A weak reference to the plugin's load context, dead once the runtime collected it; null when nothing was loaded.</returns>
    public async Task<WeakReference?> UnloadAsync(string name, TimeSpan drainTimeout, CancellationToken cancellationToken = default)
    {
        LoadedVertical? vertical;
        lock (_gate)
        {
            if (!_verticals.TryGetValue(name, out vertical))
            {
                return null;
            }

            var next = new Dictionary<string, LoadedVertical>(_verticals, StringComparer.Ordinal);
            next.Remove(name);
            _verticals = next;
        }

        Changed?.Invoke(name);
        var deadline = _time.GetUtcNow() + drainTimeout;
        while (vertical.InFlight > 0 && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken).ConfigureAwait(false);
        }

        return await ReleaseAsync(vertical).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var vertical in All)
        {
            await ReleaseAsync(vertical).ConfigureAwait(false);
        }
    }

    private static async Task<WeakReference?> ReleaseAsync(LoadedVertical vertical)
    {
        if (vertical.Services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        var loader = vertical.Loader;
        vertical.Services = null;
        vertical.Loader = null;
        vertical.Registration = new();
        if (loader is null)
        {
            return null;
        }

        var context = new WeakReference(loader.LoadContext);
        loader.Dispose();
        return context;
    }

    private LoadedVertical Reject(string name, string directory, VerticalState state, string reason, PluginLoader? loader = null, VerticalDescriptor? descriptor = null, bool keepExisting = false)
    {
        loader?.Dispose();
        var vertical = new LoadedVertical(name, directory, state, $"Plugin '{Path.GetFileName(directory)}' {reason}") { Descriptor = descriptor };
        if (!keepExisting)
        {
            Publish(vertical);
        }

        VerticalCatalogLog.NotLoaded(_logger, name, state, vertical.Reason!);
        return vertical;
    }

    private void Publish(LoadedVertical vertical)
    {
        lock (_gate)
        {
            _verticals = new Dictionary<string, LoadedVertical>(_verticals, StringComparer.Ordinal) { [vertical.Name] = vertical };
        }

        Changed?.Invoke(vertical.Name);
    }

    private static string? CheckContractReference(Assembly assembly)
    {
        var contract = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == typeof(IVerticalPlugin).Assembly.GetName().Name);
        if (contract is null)
        {
            return $"'{assembly.GetName().Name}.dll' does not reference Strata.Abstractions, so it cannot implement the contract.";
        }

        var hostMajor = typeof(IVerticalPlugin).Assembly.GetName().Version!.Major;
        return contract.Version is { } version && version.Major != hostMajor
            ? $"was built for contract {version.Major}.{version.Minor} (Strata.Abstractions {version}); this host speaks contract {StrataContract.Version}: {ContractVersionCheck.Fix(version.Major, version.Minor)}."
            : null;
    }

    private static List<Type> FindEntryTypes(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
        }

        return [.. types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IVerticalPlugin).IsAssignableFrom(t)).Select(t => t!)];
    }

    private static string Describe(Exception ex)
    {
        var inner = ex is TargetInvocationException { InnerException: { } ie } ? ie : ex;
        return $"{inner.GetType().Name}: {inner.Message}";
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
