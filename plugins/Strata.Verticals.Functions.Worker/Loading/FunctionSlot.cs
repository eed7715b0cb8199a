using Strata.Verticals.Functions.Worker.Catalog;

namespace Strata.Verticals.Functions.Worker.Loading;

/// <summary>Everything the worker keeps about one app: its loaded revision (if any), counters, failure, contexts being collected.</summary>
internal sealed class FunctionSlot(string app)
{
    private LoadedFunction? _current;
    private long _invocations;
    private long _errors;
    private long _timeouts;
    private long _coldStarts;
    private long _coldStartTicksTotal;
    private long _lastColdStartTicks;
    private long _unloads;
    private long _collected;

    public string App { get; } = app;

    /// <summary>Serialises loads of this app (two first requests load once).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The loaded revision, or null when cold.</summary>
    public LoadedFunction? Current => Volatile.Read(ref _current);

    /// <summary>The last load failure, for the descriptor it happened with.</summary>
    public LoadFailure? Failure { get; set; }

    /// <summary>Superseded revisions waiting for their last invocation before they unload. Guarded by itself.</summary>
    public List<LoadedFunction> Retired { get; } = [];

    /// <summary>Unloaded contexts not collected yet, with how many sweeps forced a GC for them. Guarded by itself.</summary>
    public List<Unloading> Unloading { get; } = [];

    public long Invocations => Interlocked.Read(ref _invocations);

    public long Errors => Interlocked.Read(ref _errors);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long ColdStarts => Interlocked.Read(ref _coldStarts);

    public long Unloads => Interlocked.Read(ref _unloads);

    public long Collected => Interlocked.Read(ref _collected);

    public TimeSpan LastColdStart => TimeSpan.FromTicks(Interlocked.Read(ref _lastColdStartTicks));

    public TimeSpan TotalColdStart => TimeSpan.FromTicks(Interlocked.Read(ref _coldStartTicksTotal));

    public void SetCurrent(LoadedFunction? loaded) => Volatile.Write(ref _current, loaded);

    /// <summary>Clears <see cref="Current"/> if it is still <paramref name="expected"/>.</summary>
    public bool ClearCurrent(LoadedFunction expected) => Interlocked.CompareExchange(ref _current, null, expected) == expected;

    public void CountInvocation() => Interlocked.Increment(ref _invocations);

    public void CountError() => Interlocked.Increment(ref _errors);

    public void CountTimeout() => Interlocked.Increment(ref _timeouts);

    public void CountUnload() => Interlocked.Increment(ref _unloads);

    public void CountCollected() => Interlocked.Increment(ref _collected);

    public void CountColdStart(TimeSpan duration)
    {
        Interlocked.Increment(ref _coldStarts);
        Interlocked.Add(ref _coldStartTicksTotal, duration.Ticks);
        Interlocked.Exchange(ref _lastColdStartTicks, duration.Ticks);
    }
}

/// <summary>A load that failed: for which descriptor, when, and why.</summary>
internal sealed record LoadFailure(FunctionDescriptor Descriptor, long At, string Reason);

/// <summary>An unloaded context awaiting collection.</summary>
internal sealed class Unloading(int revision, WeakReference context)
{
    public int Revision { get; } = revision;

    public WeakReference Context { get; } = context;

    public int ForcedCollections { get; set; }
}
