using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Strata.Core.Runtime;

namespace Strata.Server.Telemetry;

/// <summary>
/// The gateway's instruments on meter <see cref="StrataTelemetry.HostName"/>: requests and their
/// duration per app, and the activator's cold starts. The per-request paths ask
/// <see cref="Enabled"/> first, so a request costs nothing here while nobody collects the metrics.
/// When someone does, a request costs one interlocked increment of its app's
/// <see cref="GatewayRequestTally"/> (the request counter is observable: its values are read from
/// the tallies at collection time, not aggregated per request) and, unless
/// <see cref="TelemetryOptions.GatewayDurations"/> is off, one histogram record whose tags are a
/// <see cref="TagList"/> of strings the gateway already holds. Nothing is allocated per request.
/// </summary>
internal sealed class GatewayMetrics
{
    /// <summary>The fast path (<c>strata.gateway.path</c>).</summary>
    public const string FastPath = "fast";

    /// <summary>Kestrel and YARP.</summary>
    public const string YarpPath = "yarp";

    /// <summary>The gateway process's fast path in gateway mode Process, as its in-flight reports count it.</summary>
    public const string ProcessPath = "process";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private static readonly InstrumentAdvice<double> RequestSeconds = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private static readonly InstrumentAdvice<double> ColdStartSeconds = new()
    {
        HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    };

    private readonly ConcurrentDictionary<AppRef, GatewayRequestTally> _tallies = new();
    private readonly ObservableCounter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly bool _durations;
    private readonly bool _countAlways;
    private readonly Counter<long> _coldStarts;
    private readonly Histogram<double> _coldStartDuration;

    public GatewayMetrics(IMeterFactory meters, TelemetryOptions? options = null)
        : this(meters, options, countAlways: false)
    {
    }

    /// <summary>The gateway process's instruments: nobody listens there, but its fast path counts answers for its reports to the host.</summary>
    /// <param name="meters">The process's meter factory.</param>
    public static GatewayMetrics ForGatewayProcess(IMeterFactory meters) => new(meters, new TelemetryOptions { GatewayDurations = false }, countAlways: true);

    private GatewayMetrics(IMeterFactory meters, TelemetryOptions? options, bool countAlways)
    {
        _countAlways = countAlways;
        var meter = meters.Create(StrataTelemetry.HostName);
        _durations = options?.GatewayDurations ?? true;
        _requests = meter.CreateObservableCounter("strata.gateway.requests", ObserveRequests, "{request}", "Requests the gateway forwarded to an app, by vertical, app, status class and gateway path.");
        _duration = meter.CreateHistogram("strata.gateway.request.duration", "s", "How long the gateway took to relay a request to an app and its response back.", advice: RequestSeconds);
        _coldStarts = meter.CreateCounter<long>("strata.cold_starts", "{cold_start}", "Requests that found a service without a ready replica and had the activator wake it, by outcome (ready, failed, abandoned).");
        _coldStartDuration = meter.CreateHistogram("strata.cold_start.duration", "s", "How long a request waited for the activator to wake its service.", advice: ColdStartSeconds);
    }

    /// <summary>True while someone collects the request metrics: the per-request paths then call <see cref="Request(GatewayRequestTally, AppRef, string, int, long)"/>.</summary>
    public bool Enabled => _countAlways || _requests.Enabled || _duration.Enabled;

    /// <summary>True while request durations are recorded: the per-request paths then take a start timestamp.</summary>
    public bool Timing => _durations && _duration.Enabled;

    /// <summary>The tally of <paramref name="app"/>'s requests (callers on the hot path keep it, see <see cref="FastPath"/>'s clusters).</summary>
    public GatewayRequestTally TallyOf(AppRef app) => _tallies.GetOrAdd(app, static _ => new GatewayRequestTally());

    /// <summary>Records a request relayed to <paramref name="app"/> and answered with <paramref name="status"/>; no answer (0): not recorded.</summary>
    /// <param name="app">The app.</param>
    /// <param name="path">Which part of the gateway relayed it: <see cref="FastPath"/> or <see cref="YarpPath"/>.</param>
    /// <param name="status">The status code the client got.</param>
    /// <param name="startedTimestamp">When the gateway took the request on (<see cref="Stopwatch.GetTimestamp"/>), or 0 when not timed.</param>
    public void Request(AppRef app, string path, int status, long startedTimestamp) =>
        Request(TallyOf(app), app, path, status, startedTimestamp);

    /// <summary>Records a request as <see cref="Request(AppRef, string, int, long)"/> does, into a tally the caller kept.</summary>
    /// <param name="tally">The app's tally, from <see cref="TallyOf"/>.</param>
    /// <param name="app">The app.</param>
    /// <param name="path">Which part of the gateway relayed it: <see cref="FastPath"/> or <see cref="YarpPath"/>.</param>
    /// <param name="status">The status code the client got.</param>
    /// <param name="startedTimestamp">When the gateway took the request on (<see cref="Stopwatch.GetTimestamp"/>), or 0 when not timed.</param>
    public void Request(GatewayRequestTally tally, AppRef app, string path, int status, long startedTimestamp)
    {
        if (status is < 100 or > 599)
        {
            return;
        }

        var statusClass = (status / 100) - 1;
        tally.Add(path == FastPath ? GatewayRequestTally.Fast : GatewayRequestTally.Yarp, statusClass, 1);
        if (startedTimestamp != 0 && _durations)
        {
            _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new TagList
            {
                { StrataTelemetry.VerticalTag, app.Vertical },
                { StrataTelemetry.AppTag, app.App },
                { StrataTelemetry.StatusClassTag, StatusClasses[statusClass] },
                { StrataTelemetry.GatewayPathTag, path },
            });
        }
    }

    /// <summary>
    /// Adds the requests the gateway process answered for <paramref name="app"/> (gateway mode Process),
    /// by status class, as its reports count them; they carry no duration.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="byStatusClass">Counts of answers 1xx to 5xx; longer or shorter arrays are read as far as they go.</param>
    public void Reported(AppRef app, IReadOnlyList<long> byStatusClass)
    {
        var tally = TallyOf(app);
        for (var statusClass = 0; statusClass < Math.Min(byStatusClass.Count, GatewayRequestTally.Classes); statusClass++)
        {
            if (byStatusClass[statusClass] > 0)
            {
                tally.Add(GatewayRequestTally.Process, statusClass, byStatusClass[statusClass]);
            }
        }
    }

    /// <summary>Every app's tally (the gateway process reads them for its reports).</summary>
    public IEnumerable<KeyValuePair<AppRef, GatewayRequestTally>> Tallies => _tallies;

    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        foreach (var (app, tally) in _tallies)
        {
            for (var path = 0; path < GatewayRequestTally.Paths; path++)
            {
                for (var statusClass = 0; statusClass < GatewayRequestTally.Classes; statusClass++)
                {
                    if (tally.Read(path, statusClass) is var count and > 0)
                    {
                        yield return new Measurement<long>(count, new TagList
                        {
                            { StrataTelemetry.VerticalTag, app.Vertical },
                            { StrataTelemetry.AppTag, app.App },
                            { StrataTelemetry.StatusClassTag, StatusClasses[statusClass] },
                            { StrataTelemetry.GatewayPathTag, path switch { GatewayRequestTally.Fast => FastPath, GatewayRequestTally.Yarp => YarpPath, _ => ProcessPath } },
                        });
                    }
                }
            }
        }
    }

    /// <summary>Records one wake-up by the activator.</summary>
    public void ColdStart(AppRef app, string service, string outcome, TimeSpan waited)
    {
        var tags = new TagList
        {
            { StrataTelemetry.VerticalTag, app.Vertical },
            { StrataTelemetry.AppTag, app.App },
            { StrataTelemetry.ServiceTag, service },
            { StrataTelemetry.OutcomeTag, outcome },
        };
        _coldStarts.Add(1, tags);
        _coldStartDuration.Record(waited.TotalSeconds, tags);
    }
}
