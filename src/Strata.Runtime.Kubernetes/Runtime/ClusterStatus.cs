using System.Globalization;
using k8s.Models;
using Strata.Core.Naming;
using Strata.Core.Runtime;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// An app's <see cref="AppRuntimeStatus"/> read off its live objects (pure): a service per Deployment, a job per
/// Job, a replica per pod, each found by the component label every object of the app carries.
/// </summary>
internal static class ClusterStatus
{
    public static AppRuntimeStatus Of(
        AppRef app, IReadOnlyList<V1Deployment> deployments, IReadOnlyList<V1Job> jobs, IReadOnlyList<V1Pod> pods, Func<string, Uri?> serviceUri)
    {
        if (deployments.Count + jobs.Count == 0)
        {
            return AppRuntimeStatus.NotRunning(app);
        }

        var services = deployments
            .Select(d => (Name: Component(d.Metadata), Deployment: d))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new ServiceStatus(
                d.Name,
                d.Deployment.Spec?.Replicas ?? 1,
                d.Deployment.Status?.ReadyReplicas ?? 0,
                serviceUri(d.Name),
                [.. pods.Where(p => Component(p.Metadata) == d.Name && !IsJobPod(p)).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).Select(Replica)]))
            .ToList();
        var jobStatuses = jobs
            .Select(j => Job(Component(j.Metadata), j))
            .OrderBy(j => j.Name, StringComparer.Ordinal)
            .ToList();

        // Every object of a revision carries its number; the newest one applied is what runs (or rolls out).
        var revision = deployments.Select(d => d.Metadata).Concat(jobs.Select(j => j.Metadata)).Select(RevisionOf).Max();
        return new AppRuntimeStatus(app, revision, services, jobStatuses);
    }

    /// <summary>The service or job a labelled object belongs to.</summary>
    public static string Component(V1ObjectMeta? metadata) =>
        metadata?.Labels?.TryGetValue(StrataLabels.Component, out var component) == true ? component : metadata?.Name ?? "";

    private static int? RevisionOf(V1ObjectMeta? metadata) =>
        metadata?.Labels?.TryGetValue(StrataLabels.Revision, out var value) == true
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static bool IsJobPod(V1Pod pod) => pod.Metadata?.Labels?.ContainsKey("batch.kubernetes.io/job-name") == true || pod.Metadata?.Labels?.ContainsKey("job-name") == true;

    private static ReplicaStatus Replica(V1Pod pod)
    {
        var status = pod.Status;
        var ready = status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        var waiting = status?.ContainerStatuses?.Select(c => c.State?.Waiting).FirstOrDefault(w => w is not null);
        var state = pod.Metadata?.DeletionTimestamp is not null ? ReplicaState.Terminating
            : status?.Phase switch
            {
                "Failed" => ReplicaState.Failed,
                "Succeeded" => ReplicaState.Exited,
                "Running" => ready ? ReplicaState.Ready : ReplicaState.Unready,
                _ => ReplicaState.Starting,
            };
        var message = waiting is null ? null : $"{waiting.Reason}: {waiting.Message}".TrimEnd(' ', ':');
        return new ReplicaStatus(
            pod.Metadata?.Name ?? "",
            RevisionOf(pod.Metadata) ?? 0,
            state,
            string.IsNullOrEmpty(status?.PodIP) ? null : new Uri($"http://{status.PodIP}/"),
            ProcessId: null,
            status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0,
            state == ReplicaState.Ready ? null : message,
            new DateTimeOffset(DateTime.SpecifyKind(status?.StartTime ?? pod.Metadata?.CreationTimestamp ?? DateTime.UtcNow, DateTimeKind.Utc)));
    }

    private static JobStatus Job(string name, V1Job job)
    {
        var status = job.Status;
        var failed = status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        var state = status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true ? "Succeeded"
            : failed is not null ? "Failed"
            : job.Spec?.Suspend == true ? "Cancelled"
            : "Running";
        return new JobStatus(
            name, job.Spec?.Completions ?? 1, status?.Succeeded ?? 0, status?.Failed ?? 0, status?.Active ?? 0, state,
            failed is null ? null : $"{failed.Reason}: {failed.Message}");
    }
}
