using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Strata.Verticals.Functions.Worker.Diagnostics;

/// <summary>
/// The worker's OpenTelemetry-compatible instruments, meter <c>Strata.Functions</c>, each tagged with
/// <c>function</c> (the app) and <c>revision</c>. Cold starts are first-class: none of the function
/// platforms Strata compares itself with exposes them.
/// </summary>
internal sealed class FunctionMetrics
{
    /// <summary>The meter's name, for an OpenTelemetry <c>AddMeter</c>.</summary>
    public const string MeterName = "Strata.Functions";

    private readonly Counter<long> _invocations;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _coldStarts;
    private readonly Histogram<double> _coldStartDuration;
    private readonly UpDownCounter<long> _loaded;

    public FunctionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _invocations = meter.CreateCounter<long>("strata.functions.invocations", "{invocation}", "Invocations of a function, by outcome (ok, error, timeout).");
        _errors = meter.CreateCounter<long>("strata.functions.errors", "{error}", "Failed invocations and loads of a function, by kind (exception, timeout, load).");
        _duration = meter.CreateHistogram<double>("strata.functions.duration", "s", "How long invocations of a function took, cold starts included.");
        _coldStarts = meter.CreateCounter<long>("strata.functions.cold_starts", "{cold_start}", "Loads of a function on a request (it was not loaded).");
        _coldStartDuration = meter.CreateHistogram<double>("strata.functions.cold_start.duration", "s", "How long loading a function and binding its handler took.");
        _loaded = meter.CreateUpDownCounter<long>("strata.functions.loaded", "{function}", "Functions loaded in the worker now.");
    }

    public void Invoked(string app, int revision, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "function", app }, { "revision", revision }, { "outcome", outcome } };
        _invocations.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void Failed(string app, int revision, string kind)
        => _errors.Add(1, new TagList { { "function", app }, { "revision", revision }, { "kind", kind } });

    public void ColdStart(string app, int revision, TimeSpan duration)
    {
        var tags = new TagList { { "function", app }, { "revision", revision } };
        _coldStarts.Add(1, tags);
        _coldStartDuration.Record(duration.TotalSeconds, tags);
        _loaded.Add(1, tags);
    }

    public void Unloaded(string app, int revision) => _loaded.Add(-1, new TagList { { "function", app }, { "revision", revision } });
}
