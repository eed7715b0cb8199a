using System.Diagnostics;
using Strata.Server.Api;

namespace Strata.Server.Telemetry;

/// <summary>
/// One deploy as the host's telemetry sees it: the <c>deploy</c> span (the build steps' and the rollout's
/// spans are its children) and, when it ends, <c>strata.deploys</c> and <c>strata.deploy.duration</c>.
/// The deployer marks the stage it reaches, so a failure is told apart by where it happened.
/// </summary>
internal sealed class DeployTelemetry : IDisposable
{
    /// <summary>The stage a deploy is in, and the outcome when it fails there.</summary>
    public enum Stage
    {
        /// <summary>Reading the manifest and the spec.</summary>
        Validating,

        /// <summary>Running the build steps.</summary>
        Building,

        /// <summary>Mapping and applying the revision.</summary>
        RollingOut,
    }

    // The vertical label is only ever a loaded vertical's name: a request's unknown name must not become a series.
    private const string UnknownVertical = "unknown";

    private readonly HostMetrics _metrics;
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();
    private string _vertical = UnknownVertical;
    private Stage _stage = Stage.Validating;
    private string? _outcome;

    private DeployTelemetry(HostMetrics metrics, Activity? activity)
    {
        _metrics = metrics;
        _activity = activity;
    }

    /// <summary>Starts the telemetry of a deploy of <paramref name="app"/> (the name the request gave).</summary>
    public static DeployTelemetry Start(HostMetrics metrics, string app)
    {
        var activity = StrataTelemetry.Source.StartActivity("deploy");
        activity?.SetTag(StrataTelemetry.AppTag, app);
        return new DeployTelemetry(metrics, activity);
    }

    /// <summary>The deploy is to loaded vertical <paramref name="vertical"/> (known before the manifest is read when the request names it).</summary>
    public void ForVertical(string vertical)
    {
        _vertical = vertical;
        _activity?.SetTag(StrataTelemetry.VerticalTag, vertical);
    }

    /// <summary>The manifest is valid and names loaded vertical <paramref name="vertical"/>; the deploy is building.</summary>
    public void Validated(string vertical)
    {
        ForVertical(vertical);
        _stage = Stage.Building;
    }

    /// <summary>The build succeeded; the revision is recorded and rolls out.</summary>
    public void RollingOut(int revision)
    {
        _stage = Stage.RollingOut;
        _activity?.SetTag(StrataTelemetry.RevisionTag, revision);
    }

    /// <summary>The deploy ended well: <paramref name="revision"/> serves (<paramref name="unchanged"/>: it already did).</summary>
    public void Succeeded(int revision, bool unchanged, string runtime)
    {
        _outcome = unchanged ? "unchanged" : "succeeded";
        _activity?.SetTag(StrataTelemetry.RevisionTag, revision);
        _activity?.SetTag(StrataTelemetry.RuntimeTag, runtime);
    }

    /// <summary>The deploy failed with <paramref name="error"/> in the stage it had reached.</summary>
    public void Failed(Exception error)
    {
        _outcome = error switch
        {
            OperationCanceledException => "cancelled",
            _ when _stage == Stage.Validating => "invalid",
            ApiException when _stage == Stage.Building => "build_failed",
            ApiException when _stage == Stage.RollingOut => "rollout_failed",
            _ => "failed",
        };
        _activity?.SetStatus(ActivityStatusCode.Error, error.Message);
    }

    /// <summary>Ends the span and counts the deploy.</summary>
    public void Dispose()
    {
        var outcome = _outcome ?? "failed";
        _activity?.SetTag(StrataTelemetry.OutcomeTag, outcome);
        _activity?.Dispose();
        _metrics.Deployed(_vertical, outcome, Stopwatch.GetElapsedTime(_started));
    }
}
