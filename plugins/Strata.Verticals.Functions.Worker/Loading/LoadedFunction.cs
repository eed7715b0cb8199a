using Microsoft.AspNetCore.Http;
using Strata.Verticals.Functions.Worker.Catalog;

namespace Strata.Verticals.Functions.Worker.Loading;

/// <summary>
/// One function revision loaded into its own context, ready to invoke. Callers enter before an
/// invocation and exit after it; <see cref="TryClose"/> succeeds only with nothing in flight, after
/// which nobody can enter, so an idle unload never races a request.
/// </summary>
internal sealed class LoadedFunction
{
    private const int Closed = -1;
    private int _inFlight;
    private long _lastUsed;

    public LoadedFunction(FunctionDescriptor descriptor, FunctionLoadContext context, Func<HttpContext, Task<IResult>> invoke)
    {
        Descriptor = descriptor;
        Context = context;
        Invoke = invoke;
        _lastUsed = Environment.TickCount64;
    }

    public FunctionDescriptor Descriptor { get; }

    public FunctionLoadContext Context { get; }

    public Func<HttpContext, Task<IResult>> Invoke { get; }

    /// <summary>When the function was last entered or exited (<see cref="Environment.TickCount64"/>).</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    /// <summary>Invocations running now (abandoned ones included until they end).</summary>
    public int InFlight => Math.Max(0, Volatile.Read(ref _inFlight));

    /// <summary>Marks an invocation started; false when the function is being unloaded.</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current == Closed)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                Volatile.Write(ref _lastUsed, Environment.TickCount64);
                return true;
            }
        }
    }

    /// <summary>Marks an invocation ended.</summary>
    public void Exit()
    {
        Volatile.Write(ref _lastUsed, Environment.TickCount64);
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>Closes the function to new invocations when none is running; true when closed.</summary>
    public bool TryClose() => Interlocked.CompareExchange(ref _inFlight, Closed, 0) == 0;
}
