using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Strata.Hosting.Listening;

/// <summary>
/// Counts the replica's requests, in flight and completed: connections it accepts itself bypass the
/// runtime's proxy, so the autoscaler and the idle timer learn of them from these counts.
/// </summary>
internal sealed class RequestCounter
{
    private int _inFlight;
    private long _completed;

    /// <summary>Requests in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests completed since the start.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>A request began.</summary>
    public void Begin() => Interlocked.Increment(ref _inFlight);

    /// <summary>A request ended.</summary>
    public void End()
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _completed);
    }

    /// <summary>Puts the counting first in the app's pipeline.</summary>
    internal sealed class StartupFilter(RequestCounter counter) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                counter.Begin();
                try
                {
                    await following(context).ConfigureAwait(false);
                }
                finally
                {
                    counter.End();
                }
            });
            next(app);
        };
    }
}
