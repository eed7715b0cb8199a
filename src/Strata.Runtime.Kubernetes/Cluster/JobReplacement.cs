using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Strata.Core;
using Strata.Core.Naming;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// A Job's pod template is immutable, and every revision labels it anew, so applying the Job of a new
/// revision over the old one is refused (422). The Job of an earlier revision is deleted first (its
/// pods with it) and created again; a Job of the same revision is applied as it is.
/// </summary>
internal static class JobReplacement
{
    private static readonly TimeSpan GoneWithin = TimeSpan.FromMinutes(1);

    public static bool IsNeeded(AppPlan.Item item, JsonElement live)
    {
        if (!item.Resource.IsSameKind("batch", V1Job.KubeKind))
        {
            return false;
        }

        var planned = JsonNode.Parse(item.Json)?["metadata"]?["labels"]?[StrataLabels.Revision]?.GetValue<string>();
        var current = live.TryGetProperty("metadata", out var metadata)
            && metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            && labels.TryGetProperty(StrataLabels.Revision, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        return planned is not null && planned != current;
    }

    public static async Task DeleteAsync(ClusterClient client, AppPlan.Item item, CancellationToken cancellationToken)
    {
        await client.DeleteAsync(item.Resource, item.Ref.Namespace, item.Ref.Name, nameof(DeletePropagation.Background), cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + GoneWithin;
        while (await client.GetAsync(item.Resource, item.Ref.Namespace, item.Ref.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new StrataException(
                    $"{item.Ref} of an earlier revision was deleted but is still there after {RolloutWaiter.Format(GoneWithin)} (a finalizer?); a Job's pod template cannot change, so it must be gone before the new one is created.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }
}
