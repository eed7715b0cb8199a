using k8s;
using k8s.Models;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// The last few Events of a stuck Deployment or Job, of its ReplicaSets and of its pods: why a rollout
/// is stuck (an image that cannot be pulled, a quota, a crash loop) is in those, not in the status.
/// </summary>
internal static class RolloutEvents
{
    private const int MaxPods = 5;
    private const int MaxEvents = 6;

    internal static readonly KubernetesResource Events = new("Event", "", "v1", "events", true);
    internal static readonly KubernetesResource Pods = new("Pod", "", "v1", "pods", true);
    internal static readonly KubernetesResource ReplicaSets = new("ReplicaSet", "apps", "v1", "replicasets", true);

    /// <summary><c>pod hello-7d…: Failed: Failed to pull image …; deployment hello: …</c>, or <c>none</c>.</summary>
    public static async Task<string> DescribeAsync(
        ClusterClient client, string kind, string @namespace, string name, string? podSelector, CancellationToken cancellationToken)
    {
        try
        {
            var events = new List<Corev1Event>(await OfAsync(client, @namespace, kind, name, cancellationToken).ConfigureAwait(false));
            if (podSelector is not null)
            {
                if (kind == V1Deployment.KubeKind)
                {
                    var sets = await client.CallAsync("list", ReplicaSets, @namespace, null, (V1ReplicaSetList?)null, async () =>
                        (await client.Kubernetes.AppsV1.ListNamespacedReplicaSetWithHttpMessagesAsync(
                            @namespace, labelSelector: podSelector, cancellationToken: cancellationToken).ConfigureAwait(false)).Body).ConfigureAwait(false);
                    foreach (var set in Newest(sets?.Items ?? [], s => s.Metadata).Take(2))
                    {
                        events.AddRange(await OfAsync(client, @namespace, V1ReplicaSet.KubeKind, set.Metadata.Name, cancellationToken).ConfigureAwait(false));
                    }
                }

                var pods = await client.CallAsync("list", Pods, @namespace, null, (V1PodList?)null, async () =>
                    (await client.Kubernetes.CoreV1.ListNamespacedPodWithHttpMessagesAsync(
                        @namespace, labelSelector: podSelector, cancellationToken: cancellationToken).ConfigureAwait(false)).Body).ConfigureAwait(false);
                foreach (var pod in Newest(pods?.Items ?? [], p => p.Metadata).Take(MaxPods))
                {
                    events.AddRange(await OfAsync(client, @namespace, V1Pod.KubeKind, pod.Metadata.Name, cancellationToken).ConfigureAwait(false));
                }
            }

            var last = events.OrderBy(When).TakeLast(MaxEvents).ToList();
            return last.Count == 0
                ? "none"
                : string.Join("; ", last.Select(e =>
                    $"{e.InvolvedObject?.Kind?.ToLowerInvariant()} {e.InvolvedObject?.Name}: {e.Reason}: {e.Message?.Trim()}"
                    + (e.Count > 1 ? $" (x{e.Count})" : "")));
        }
        catch (StrataException error)
        {
            // The rollout error is the news; a failure to read events must not hide it.
            return $"(could not read events: {error.Message})";
        }
    }

    private static async Task<IReadOnlyList<Corev1Event>> OfAsync(
        ClusterClient client, string @namespace, string kind, string name, CancellationToken cancellationToken)
    {
        var list = await client.CallAsync("list", Events, @namespace, null, (Corev1EventList?)null, async () =>
            (await client.Kubernetes.CoreV1.ListNamespacedEventWithHttpMessagesAsync(
                @namespace, fieldSelector: $"involvedObject.name={name}", cancellationToken: cancellationToken).ConfigureAwait(false)).Body).ConfigureAwait(false);
        return [.. (list?.Items ?? []).Where(e => e.InvolvedObject?.Kind is null || e.InvolvedObject.Kind == kind)];
    }

    private static IEnumerable<T> Newest<T>(IEnumerable<T> items, Func<T, V1ObjectMeta> metadata) =>
        items.OrderByDescending(i => metadata(i).CreationTimestamp ?? DateTime.MinValue);

    private static DateTime When(Corev1Event e) =>
        e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue;
}
