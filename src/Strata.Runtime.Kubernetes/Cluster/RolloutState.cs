using System.Globalization;
using k8s.Models;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// Where one Deployment or Job stands in its rollout, read from its status alone (pure, so the rules
/// are testable without a cluster): done, failed for good, or still going, with a one-line summary
/// of its conditions and counts for error messages.
/// </summary>
internal sealed record RolloutState(bool Done, bool Failed, string Summary)
{
    /// <summary>
    /// Available when the controller has seen the current generation, every desired replica is updated
    /// and available, no old replica is left and the Available condition is True (the rules of
    /// <c>kubectl rollout status</c>). Failed for good when Progressing is False with
    /// ProgressDeadlineExceeded: the controller itself gave up.
    /// </summary>
    public static RolloutState Of(V1Deployment deployment)
    {
        var status = deployment.Status;
        var desired = deployment.Spec?.Replicas ?? 1;
        var generation = deployment.Metadata?.Generation ?? 0;
        var observed = status?.ObservedGeneration ?? 0;
        var updated = status?.UpdatedReplicas ?? 0;
        var available = status?.AvailableReplicas ?? 0;
        var total = status?.Replicas ?? 0;
        var conditions = status?.Conditions ?? [];
        var availableCondition = conditions.FirstOrDefault(c => c.Type == "Available");
        var progressing = conditions.FirstOrDefault(c => c.Type == "Progressing");

        var summary = string.Join("; ", conditions.Select(c => Describe(c.Type, c.Status, c.Reason, c.Message)).Append(
            string.Create(CultureInfo.InvariantCulture, $"{available}/{desired} available, {updated}/{desired} updated")
            + (observed < generation ? string.Create(CultureInfo.InvariantCulture, $", generation {generation} not yet observed") : "")));

        var failed = progressing is { Status: "False", Reason: "ProgressDeadlineExceeded" };
        var done = observed >= generation
            && updated >= desired
            && available >= desired
            && total <= updated
            && (desired == 0 || availableCondition?.Status == "True");
        return new RolloutState(done && !failed, failed, summary);
    }

    /// <summary>Done when the Complete condition is True; failed when the Failed condition is True.</summary>
    public static RolloutState Of(V1Job job)
    {
        var status = job.Status;
        var conditions = status?.Conditions ?? [];
        var summary = string.Join("; ", conditions.Select(c => Describe(c.Type, c.Status, c.Reason, c.Message)).Append(
            string.Create(CultureInfo.InvariantCulture, $"{status?.Succeeded ?? 0} succeeded, {status?.Failed ?? 0} failed, {status?.Active ?? 0} active")));
        var failed = conditions.Any(c => c.Type == "Failed" && c.Status == "True");
        var complete = conditions.Any(c => c.Type == "Complete" && c.Status == "True");
        return new RolloutState(complete && !failed, failed, summary);
    }

    private static string Describe(string type, string status, string? reason, string? message) =>
        (string.IsNullOrEmpty(reason), string.IsNullOrEmpty(message)) switch
        {
            (true, true) => $"{type}={status}",
            (false, true) => $"{type}={status} ({reason})",
            (true, false) => $"{type}={status} ({message})",
            _ => $"{type}={status} ({reason}: {message})",
        };
}
