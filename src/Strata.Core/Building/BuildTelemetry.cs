using System.Diagnostics;

namespace Strata.Core.Building;

/// <summary>
/// The build's traces: one span per build step that runs or is restored from the cache, on the
/// <see cref="ActivitySource"/> named <see cref="SourceName"/>. Only System.Diagnostics: whoever hosts
/// the build (the Strata host's OpenTelemetry tracer) decides whether the spans are recorded.
/// </summary>
public static class BuildTelemetry
{
    /// <summary>The activity source's name, for a tracer's <c>AddSource</c>.</summary>
    public const string SourceName = "Strata.Build";

    /// <summary>The step's name (<c>restore</c>, <c>compile</c>, …).</summary>
    public const string StepTag = "strata.build.step";

    /// <summary>What became of the step: <c>ran</c>, <c>cached</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public const string OutcomeTag = "strata.outcome";

    /// <summary>The app's vertical.</summary>
    public const string VerticalTag = "strata.vertical";

    /// <summary>The app.</summary>
    public const string AppTag = "strata.app";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one step; null when nobody records it.</summary>
    internal static Activity? StartStep(string step, Strata.Manifest.AppManifest manifest)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("build " + step);
        activity?.SetTag(StepTag, step);
        activity?.SetTag(VerticalTag, manifest.Vertical);
        activity?.SetTag(AppTag, manifest.Name);
        return activity;
    }

    /// <summary>Ends a step's span with its outcome (and the error, when it failed).</summary>
    internal static void EndStep(Activity? activity, BuildStepStatus status, string? error = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTag, Outcome(status));
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }

        activity.Dispose();
    }

    /// <summary>The outcome's name in spans and metrics: the status in lower case.</summary>
    /// <param name="status">What happened to the step.</param>
    public static string Outcome(BuildStepStatus status) => status switch
    {
        BuildStepStatus.Ran => "ran",
        BuildStepStatus.Cached => "cached",
        BuildStepStatus.Failed => "failed",
        BuildStepStatus.Skipped => "skipped",
        BuildStepStatus.Cancelled => "cancelled",
        _ => "unknown",
    };
}
