using System.Collections.Concurrent;
using Strata.Core.Runtime;
using Strata.Server.Gateway.FastPath;

using Strata.Server.Telemetry;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// In the gateway process: counts the fast path's requests per service, for the in-flight reports
/// to the host. A request costs a dictionary lookup and two interlocked operations, no allocation.
/// </summary>
internal sealed class GatewayInFlightCounters(GatewayMetrics? metrics = null) : IGatewayTraffic
{
    private readonly ConcurrentDictionary<(AppRef App, string Service), Counter> _counters = new();
    private readonly Dictionary<AppRef, long[]> _answeredReported = [];
    private long _sequence;

    /// <inheritdoc />
    public IDisposable? BeginRequest(AppRef app, string service)
    {
        var counter = _counters.GetOrAdd((app, service), static _ => new Counter());
        Interlocked.Increment(ref counter.InFlight);
        Interlocked.Increment(ref counter.Begun);
        return counter;
    }

    /// <summary>The next report: every service with requests in flight or begun since the last one; null when nothing changed since it.</summary>
    public GatewayInFlightReport? NextReport(bool force)
    {
        var services = new List<GatewayInFlightReport.ServiceEntry>();
        var changed = false;
        long relayed = 0;
        foreach (var ((app, service), counter) in _counters)
        {
            var inFlight = Volatile.Read(ref counter.InFlight);
            var begun = Interlocked.Read(ref counter.Begun);
            relayed += begun;
            var sinceLast = begun - counter.ReportedBegun;
            changed |= sinceLast > 0 || inFlight != counter.ReportedInFlight;
            counter.ReportedBegun = begun;
            counter.ReportedInFlight = inFlight;
            if (inFlight > 0 || sinceLast > 0)
            {
                services.Add(new GatewayInFlightReport.ServiceEntry(app.Vertical, app.App, service, inFlight, sinceLast));
            }
        }

        var answered = Answered();
        changed |= answered is { Count: > 0 };
        return changed || force ? new GatewayInFlightReport(++_sequence, relayed, services, answered) : null;
    }

    // Per app, what its tally (counted by the fast path through GatewayMetrics) gained since the last report.
    private List<GatewayInFlightReport.AppEntry>? Answered()
    {
        if (metrics is null)
        {
            return null;
        }

        var apps = new List<GatewayInFlightReport.AppEntry>();
        foreach (var (app, tally) in metrics.Tallies)
        {
            if (!_answeredReported.TryGetValue(app, out var reported))
            {
                _answeredReported[app] = reported = new long[GatewayRequestTally.Classes];
            }

            long[]? delta = null;
            for (var statusClass = 0; statusClass < GatewayRequestTally.Classes; statusClass++)
            {
                var now = tally.Read(GatewayRequestTally.Fast, statusClass);
                if (now > reported[statusClass])
                {
                    delta ??= new long[GatewayRequestTally.Classes];
                    delta[statusClass] = now - reported[statusClass];
                    reported[statusClass] = now;
                }
            }

            if (delta is not null)
            {
                apps.Add(new GatewayInFlightReport.AppEntry(app.Vertical, app.App, delta));
            }
        }

        return apps;
    }

    // Returned by every BeginRequest of its service: disposing it once per request ends that request.
    private sealed class Counter : IDisposable
    {
        public int InFlight;
        public long Begun;
        public long ReportedBegun;
        public int ReportedInFlight;

        public void Dispose() => Interlocked.Decrement(ref InFlight);
    }
}
