using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strata.Verticals.Functions.Worker.Catalog;
using Strata.Verticals.Functions.Worker.Diagnostics;

namespace Strata.Verticals.Functions.Worker.Loading;

/// <summary>
/// The functions loaded in this worker. A request enters the loaded revision of its app (warm) or
/// loads it first (a cold start, counted and timed); <see cref="Sweep"/> unloads idle and superseded
/// revisions and follows their contexts until the GC has collected them.
/// </summary>
internal sealed class FunctionPool(FunctionLoader loader, FunctionMetrics metrics, ILogger<FunctionPool> logger)
{
    /// <summary>How long a failed load is answered from memory before it is tried again.</summary>
    public static readonly TimeSpan FailureRetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>How many sweeps force a GC for one unloaded context before it is reported as held.</summary>
    public const int MaxForcedCollections = 10;

    private readonly ConcurrentDictionary<string, FunctionSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Every app the worker has been asked for.</summary>
    public ICollection<FunctionSlot> Slots => _slots.Values;

    public FunctionSlot? SlotOf(string app) => _slots.GetValueOrDefault(app);

    /// <summary>Enters the loaded revision <paramref name="descriptor"/> names, loading it first when needed.</summary>
    /// <exception cref="FunctionLoadException">The function cannot be loaded.</exception>
    public ValueTask<Lease> AcquireAsync(FunctionDescriptor descriptor, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(descriptor.App, static app => new FunctionSlot(app));
        var current = slot.Current;
        if (current is not null && IsSameRevision(current.Descriptor, descriptor) && current.TryEnter())
        {
            return ValueTask.FromResult(new Lease(slot, current, ColdStart: null));
        }

        return AcquireSlowAsync(slot, descriptor, cancellationToken);
    }

    private async ValueTask<Lease> AcquireSlowAsync(FunctionSlot slot, FunctionDescriptor descriptor, CancellationToken cancellationToken)
    {
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = slot.Current;
            if (current is not null)
            {
                if (IsSameRevision(current.Descriptor, descriptor))
                {
                    if (current.TryEnter())
                    {
                        return new Lease(slot, current, ColdStart: null);
                    }

                    // Closed by the sweeper a moment ago: it unloads that one; load a new one.
                    slot.ClearCurrent(current);
                }
                else if (slot.ClearCurrent(current))
                {
                    // A newer revision was registered: the old one unloads once its last invocation ends.
                    lock (slot.Retired)
                    {
                        slot.Retired.Add(current);
                    }
                }
            }

            if (slot.Failure is { } failure && IsSameRevision(failure.Descriptor, descriptor)
                && Environment.TickCount64 - failure.At < FailureRetryInterval.TotalMilliseconds)
            {
                throw new FunctionLoadException(failure.Reason);
            }

            var started = Stopwatch.GetTimestamp();
            LoadedFunction loaded;
            try
            {
                loaded = loader.Load(descriptor);
            }
            catch (FunctionLoadException ex)
            {
                slot.Failure = new LoadFailure(descriptor, Environment.TickCount64, ex.Message);
                slot.CountError();
                metrics.Failed(descriptor.App, descriptor.Revision, "load");
                WorkerLog.LoadFailed(logger, descriptor.App, descriptor.Revision, ex.Message);
                throw;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            slot.Failure = null;
            slot.CountColdStart(elapsed);
            metrics.ColdStart(descriptor.App, descriptor.Revision, elapsed);
            WorkerLog.Loaded(logger, descriptor.App, descriptor.Revision, elapsed.TotalMilliseconds);
            loaded.TryEnter();
            slot.SetCurrent(loaded);
            return new Lease(slot, loaded, elapsed);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Unloads <paramref name="app"/> now if nothing of it runs; false when it was not loaded or is busy.</summary>
    public bool TryUnload(string app)
    {
        var slot = SlotOf(app);
        return slot?.Current is { } current && current.TryClose() && Unload(slot, current);
    }

    /// <summary>
    /// Unloads every function idle for <paramref name="idleTimeout"/> and every superseded revision with
    /// nothing in flight, then forces a GC (bounded per context) while unloaded contexts are not yet collected.
    /// </summary>
    /// <returns>How many functions were unloaded.</returns>
    public int Sweep(TimeSpan idleTimeout, bool collect)
    {
        var (unloaded, pending) = UnloadIdle(idleTimeout);
        if (collect && pending)
        {
            // A collectible context goes in steps (its LoaderAllocator is finalised, then freed): a few
            // rounds here rather than one per sweep, so memory comes back within a tick or two.
            for (var round = 0; round < 3; round++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        return unloaded;
    }

    // Apart from the GC above: a debug build keeps this method's locals (the unloaded function) alive to its end.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private (int Unloaded, bool Pending) UnloadIdle(TimeSpan idleTimeout)
    {
        var now = Environment.TickCount64;
        var unloaded = 0;
        var pending = false;
        foreach (var slot in _slots.Values)
        {
            if (slot.Current is { } current && now - current.LastUsed >= idleTimeout.TotalMilliseconds && current.InFlight == 0
                && current.TryClose() && Unload(slot, current))
            {
                unloaded++;
            }

            lock (slot.Retired)
            {
                foreach (var retired in slot.Retired.Where(r => r.TryClose()).ToList())
                {
                    slot.Retired.Remove(retired);
                    Unload(slot, retired);
                    unloaded++;
                }
            }

            lock (slot.Unloading)
            {
                foreach (var unloading in slot.Unloading.Where(u => !u.Context.IsAlive).ToList())
                {
                    slot.Unloading.Remove(unloading);
                    slot.CountCollected();
                    WorkerLog.Collected(logger, slot.App, unloading.Revision);
                }

                foreach (var unloading in slot.Unloading.Where(u => u.ForcedCollections < MaxForcedCollections))
                {
                    unloading.ForcedCollections++;
                    pending = true;
                }
            }
        }

        return (unloaded, pending);
    }

    private bool Unload(FunctionSlot slot, LoadedFunction loaded)
    {
        slot.ClearCurrent(loaded);
        var weak = new WeakReference(loaded.Context);
        loaded.Context.Unload();
        lock (slot.Unloading)
        {
            slot.Unloading.Add(new Unloading(loaded.Descriptor.Revision, weak));
        }

        slot.CountUnload();
        metrics.Unloaded(slot.App, loaded.Descriptor.Revision);
        WorkerLog.Unloaded(logger, slot.App, loaded.Descriptor.Revision);
        return true;
    }

    private static bool IsSameRevision(FunctionDescriptor a, FunctionDescriptor b)
        => a.Revision == b.Revision && string.Equals(a.Directory, b.Directory, StringComparison.Ordinal);
}

/// <summary>An entered function: exit it when the invocation ends.</summary>
/// <param name="Slot">The app's counters and state.</param>
/// <param name="Function">The loaded revision entered.</param>
/// <param name="ColdStart">How long loading took when this request loaded the function; null when it was warm.</param>
internal readonly record struct Lease(FunctionSlot Slot, LoadedFunction Function, TimeSpan? ColdStart);
