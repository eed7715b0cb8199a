using McMaster.NETCore.Plugins;
using Strata.Plugins;

namespace Strata.Core.Plugins;

/// <summary>A vertical plugin as the host holds it: loaded, refused or failed, with the reason.</summary>
public sealed class LoadedVertical
{
    private int _inFlight;

    internal LoadedVertical(string name, string directory, VerticalState state, string? reason)
    {
        Name = name;
        Directory = directory;
        State = state;
        Reason = reason;
    }

    /// <summary>The vertical's name (its folder name when the plugin never said).</summary>
    public string Name { get; }

    /// <summary>The plugin folder.</summary>
    public string Directory { get; }

    /// <summary>Loaded, refused or failed.</summary>
    public VerticalState State { get; internal set; }

    /// <summary>Why it was refused or failed.</summary>
    public string? Reason { get; internal set; }

    /// <summary>What the plugin says of itself, once its entry type was created.</summary>
    public VerticalDescriptor? Descriptor { get; internal set; }

    /// <summary>What the vertical declared (empty unless loaded).</summary>
    public VerticalRegistration Registration { get; internal set; } = new();

    /// <summary>The plugin's own service provider (null unless loaded).</summary>
    public IServiceProvider? Services { get; internal set; }

    /// <summary>The time the plugin was loaded.</summary>
    public DateTimeOffset LoadedAt { get; internal set; }

    /// <summary>Requests and builds of this vertical running now; unloading waits for them.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    internal PluginLoader? Loader { get; set; }

    /// <summary>Marks one unit of work of this vertical as running until the result is disposed.</summary>
    public IDisposable BeginWork()
    {
        Interlocked.Increment(ref _inFlight);
        return new WorkScope(this);
    }

    private sealed class WorkScope(LoadedVertical vertical) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref vertical._inFlight);
            }
        }
    }
}
