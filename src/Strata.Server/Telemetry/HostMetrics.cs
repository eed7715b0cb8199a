using System.Diagnostics;
using System.Diagnostics.Metrics;
using Strata.Core.Building;
using Strata.Core.State;
using Strata.Server.Gateway;

namespace Strata.Server.Telemetry;

/// <summary>
/// The control plane's instruments on meter <see cref="StrataTelemetry.HostName"/>: deploys, build steps,
/// apps and ready replicas. The gateway's are in <see cref="GatewayMetrics"/>.
/// </summary>
internal sealed class HostMetrics
{
    private static readonly InstrumentAdvice<double> DeploySeconds = new()
    {
        HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200],
    };

    private readonly Counter<long> _deploys;
    private readonly Histogram<double> _deployDuration;
    private readonly Counter<long> _buildSteps;
    private readonly Histogram<double> _buildStepDuration;

    public HostMetrics(IMeterFactory meters, StateStore state, GatewayRoutes routes)
    {
        var meter = meters.Create(StrataTelemetry.HostName);
        _deploys = meter.CreateCounter<long>("strata.deploys", "{deploy}", "Deploys by vertical and outcome (succeeded, unchanged, invalid, build_failed, rollout_failed, failed, cancelled).");
        _deployDuration = meter.CreateHistogram("strata.deploy.duration", "s", "How long deploys took, from the request's sources to the serving revision or the failure.", advice: DeploySeconds);
        _buildSteps = meter.CreateCounter<long>("strata.build.steps", "{step}", "Build steps by vertical, step and outcome (ran, cached, failed, skipped).");
        _buildStepDuration = meter.CreateHistogram("strata.build.step.duration", "s", "How long build steps took (restoring a cached step included; skipped steps are not recorded).", advice: DeploySeconds);
        meter.CreateObservableGauge("strata.apps", () => Apps(state), "{app}", "Apps the host records, by vertical.");
        meter.CreateObservableGauge("strata.replicas.ready", () => ReadyReplicas(routes), "{replica}", "Ready replicas of each service the host's gateway routes to (apps on the Local runtime).");
    }

    /// <summary>Counts a finished deploy.</summary>
    public void Deployed(string vertical, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { StrataTelemetry.VerticalTag, vertical }, { StrataTelemetry.OutcomeTag, outcome } };
        _deploys.Add(1, tags);
        _deployDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Counts the steps of a finished build, and times those that ran or were restored.</summary>
    public void Built(string vertical, IReadOnlyList<BuildStepResult> steps)
    {
        if (!_buildSteps.Enabled && !_buildStepDuration.Enabled)
        {
            return;
        }

        foreach (var step in steps)
        {
            var tags = new TagList
            {
                { StrataTelemetry.VerticalTag, vertical },
                { BuildTelemetry.StepTag, step.Name },
                { StrataTelemetry.OutcomeTag, BuildTelemetry.Outcome(step.Status) },
            };
            _buildSteps.Add(1, tags);
            if (step.Status != BuildStepStatus.Skipped)
            {
                _buildStepDuration.Record(step.Duration.TotalSeconds, tags);
            }
        }
    }

    // Read when the metrics are collected (a scrape): the state store answers from its own file, synchronously underneath.
    private static IEnumerable<Measurement<long>> Apps(StateStore state)
    {
        IReadOnlyList<AppRecord> apps;
        try
        {
            apps = state.ListAppsAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The host is stopping: no measurement rather than a failed scrape.
            return [];
        }

        return apps
            .GroupBy(a => a.Vertical, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.Count(), new KeyValuePair<string, object?>(StrataTelemetry.VerticalTag, g.Key)));
    }

    private static IEnumerable<Measurement<long>> ReadyReplicas(GatewayRoutes routes) =>
        routes.ReadyReplicas().Select(r => new Measurement<long>(
            r.Ready,
            new KeyValuePair<string, object?>(StrataTelemetry.VerticalTag, r.App.Vertical),
            new KeyValuePair<string, object?>(StrataTelemetry.AppTag, r.App.App),
            new KeyValuePair<string, object?>(StrataTelemetry.ServiceTag, r.Service)));
}
