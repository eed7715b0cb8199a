using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;

namespace Strata.Hosting.Listening;

/// <summary>
/// Counts the requests on connections the replica accepted from the service's socket, in flight and
/// completed: they bypass the runtime's proxy, so the autoscaler and the idle timer learn of them from
/// these counts. Requests to the replica's own port are not counted: the gateway reports its own, and
/// probes are not traffic (counting them would keep an idle service from scaling to zero).
/// </summary>
internal sealed class RequestCounter
{
    /// <summary>The connection item that marks a connection accepted from the service's socket.</summary>
    public const string SharedConnectionKey = "Strata.Hosting.SharedConnection";

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
                if (context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(SharedConnectionKey) != true)
                {
                    await following(context).ConfigureAwait(false);
                    return;
                }

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
