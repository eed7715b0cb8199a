using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Strata.Core;
using Strata.Core.Naming;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// Puts an app's objects on a cluster: server-side apply with one field manager (<c>strata</c>), then
/// waits through watches until its Deployments are available and its Jobs complete, then prunes the
/// app's objects the new set no longer has (PersistentVolumeClaims excepted: their data stays until the app is deleted). Strata only changes or deletes objects that carry its
/// <see cref="StrataAnnotations.OwnedBy"/> annotation with the app's value; anything else in the way
/// is refused, never overwritten.
/// </summary>
public sealed class KubernetesApplier
{
    private readonly ClusterClient client;

    /// <summary>Creates an applier over a client, e.g. from <see cref="KubernetesClusters.Connect"/>.</summary>
    /// <param name="kubernetes">The cluster's API client; the caller owns (and disposes) it.</param>
    public KubernetesApplier(IKubernetes kubernetes)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        client = new ClusterClient(kubernetes);
    }

    /// <summary>
    /// Applies <paramref name="app"/>'s objects in order, waits for the rollout and prunes stale objects.
    /// Before anything is applied, every object that already exists must be owned by this app (the
    /// namespace: by its vertical); otherwise nothing is applied.
    /// </summary>
    /// <param name="app">The app's objects, e.g. <c>AppObjects.For</c>.</param>
    /// <param name="rolloutTimeout">How long Deployments may take to become available and Jobs to complete.</param>
    /// <param name="progress">Receives one line per step ("applied Deployment strata-functions/hello").</param>
    /// <param name="cancellationToken">Stops the apply or the wait.</param>
    /// <returns>The applied and the pruned objects.</returns>
    /// <exception cref="StrataException">
    /// An object is not Strata's to change, is of an unknown kind or is refused by the API (conflict,
    /// invalid, forbidden: the object and fields are named), or the rollout failed or timed out (the
    /// stuck object, its conditions and its last Events are named).
    /// </exception>
    public async Task<KubernetesApplyResult> ApplyAsync(
        AppObjects app, TimeSpan rolloutTimeout, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rolloutTimeout, TimeSpan.Zero);

        var plan = AppPlan.Of(app);
        var live = new Dictionary<AppPlan.Item, JsonElement>();
        foreach (var item in plan.Items)
        {
            if (await EnsureOwnedAsync(app, item, cancellationToken).ConfigureAwait(false) is { } found)
            {
                live[item] = found;
            }
        }

        foreach (var item in plan.Items)
        {
            if (live.TryGetValue(item, out var existing) && JobReplacement.IsNeeded(item, existing))
            {
                await JobReplacement.DeleteAsync(client, item, cancellationToken).ConfigureAwait(false);
                progress?.Report($"deleted {item.Ref} of an earlier revision (a Job's pod template cannot change)");
            }

            await client.ApplyAsync(item.Resource, item.Ref.Namespace, item.Ref.Name, item.Json, force: true, cancellationToken).ConfigureAwait(false);
            progress?.Report($"applied {item.Ref}");
        }

        var deployments = plan.Items.Where(i => i.Resource.IsSameKind("apps", V1Deployment.KubeKind)).Select(i => i.Ref.Name).ToList();
        var jobs = plan.Items.Where(i => i.Resource.IsSameKind("batch", V1Job.KubeKind)).Select(i => i.Ref.Name).ToList();
        if (deployments.Count + jobs.Count > 0)
        {
            progress?.Report($"waiting up to {RolloutWaiter.Format(rolloutTimeout)} for {Count(deployments.Count, "Deployment")}{(deployments.Count > 0 && jobs.Count > 0 ? " and " : "")}{Count(jobs.Count, "Job")}");
        }

        await new RolloutWaiter(client, progress)
            .WaitAsync(app.Namespace, deployments, jobs, AppSelector(app.Vertical, app.App), rolloutTimeout, cancellationToken)
            .ConfigureAwait(false);

        var keep = plan.Items.Select(i => (i.Resource.Group, i.Resource.Kind, i.Ref.Name)).ToHashSet();
        var kinds = KubernetesResource.AppKinds
            .Concat(plan.Items.Select(i => i.Resource).Where(r => r.Namespaced))
            .DistinctBy(r => (r.Group, r.Kind));
        var used = plan.Items.Select(i => (i.Resource.Group, i.Resource.Kind)).ToHashSet();
        // A claim holds data: a revision that no longer names it leaves it (and its data) until the app is deleted.
        var pruned = await DeleteOwnedAsync(
            app.Vertical, app.App, app.Namespace, kinds, used,
            o => !keep.Contains((o.Resource.Group, o.Resource.Kind, o.Ref.Name)) && !o.Resource.IsSameKind("", V1PersistentVolumeClaim.KubeKind),
            DeletePropagation.Background, progress, "pruned", cancellationToken).ConfigureAwait(false);
        return new KubernetesApplyResult([.. plan.Items.Select(i => i.Ref)], pruned);
    }

    /// <summary>
    /// Deletes every object of the app that carries its ownership annotation, of every kind Strata
    /// maps, in <paramref name="namespace"/>. Objects without the annotation (or another app's) stay.
    /// The namespace itself stays: other apps of the vertical live there.
    /// </summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="app">The app name.</param>
    /// <param name="namespace">The vertical's namespace, e.g. <c>strata-functions</c>.</param>
    /// <param name="propagation">Whether the objects go before or after their dependents.</param>
    /// <param name="progress">Receives one line per deleted object.</param>
    /// <param name="cancellationToken">Stops the deletes.</param>
    /// <returns>The deleted objects.</returns>
    /// <exception cref="StrataException">The API refused a list or a delete (the verb and resource are named).</exception>
    public Task<IReadOnlyList<KubernetesObjectRef>> DeleteAppAsync(
        string vertical, string app, string @namespace, DeletePropagation propagation = DeletePropagation.Background,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(vertical);
        ArgumentException.ThrowIfNullOrEmpty(app);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        return DeleteOwnedAsync(vertical, app, @namespace, KubernetesResource.AppKinds, new HashSet<(string, string)>(), _ => true, propagation, progress, "deleted", cancellationToken);
    }

    /// <summary>The live object when there is one and it is the app's; throws when it is someone else's.</summary>
    private async Task<JsonElement?> EnsureOwnedAsync(AppObjects app, AppPlan.Item item, CancellationToken cancellationToken)
    {
        var live = await client.GetAsync(item.Resource, item.Ref.Namespace, item.Ref.Name, cancellationToken).ConfigureAwait(false);
        if (live is not { ValueKind: JsonValueKind.Object } found)
        {
            return null;
        }

        var owner = OwnerOf(found);
        if (owner == item.Owner)
        {
            return found;
        }

        var whose = item.Resource.Kind == V1Namespace.KubeKind ? $"vertical {app.Vertical}" : $"app {item.Owner}";
        var holder = owner is null ? $"it has no {StrataAnnotations.OwnedBy} annotation" : $"it is owned by '{owner}'";
        throw new StrataException(
            $"{item.Ref} exists and is not owned by Strata {whose} ({holder}); rename or delete it" +
            (item.Resource.Kind == V1Namespace.KubeKind
                ? $", or annotate it with {StrataAnnotations.OwnedBy}={item.Owner} to let Strata manage it."
                : "."));
    }

    private async Task<IReadOnlyList<KubernetesObjectRef>> DeleteOwnedAsync(
        string vertical, string app, string @namespace, IEnumerable<KubernetesResource> kinds, IReadOnlySet<(string Group, string Kind)> required,
        Func<(KubernetesResource Resource, KubernetesObjectRef Ref), bool> select, DeletePropagation propagation,
        IProgress<string>? progress, string verb, CancellationToken cancellationToken)
    {
        var owner = StrataAnnotations.OwnerOf(vertical, app);
        var selector = AppSelector(vertical, app);
        var deleted = new List<KubernetesObjectRef>();
        foreach (var resource in kinds)
        {
            IReadOnlyList<JsonElement> objects;
            try
            {
                objects = await client.ListAsync(resource, @namespace, selector, null, cancellationToken).ConfigureAwait(false);
            }
            catch (StrataException error) when (error.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } && !required.Contains((resource.Group, resource.Kind)))
            {
                // Least privilege: an identity that may not list a kind the app does not use has not
                // created objects of it either; say so and go on rather than fail a good deploy.
                progress?.Report($"skipped {resource.QualifiedPlural}: Strata may not list them in {@namespace}");
                continue;
            }

            foreach (var live in objects)
            {
                var name = live.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("name", out var n) ? n.GetString() : null;
                if (name is null || OwnerOf(live) != owner)
                {
                    continue;
                }

                var reference = new KubernetesObjectRef(resource.Kind, @namespace, name);
                if (!select((resource, reference)))
                {
                    continue;
                }

                await client.DeleteAsync(resource, @namespace, name, propagation.ToString(), cancellationToken).ConfigureAwait(false);
                deleted.Add(reference);
                progress?.Report($"{verb} {reference}");
            }
        }

        return deleted;
    }

    /// <summary>
    /// The labels every object of the app has across revisions; ownership is decided by the
    /// annotation, the selector only narrows the list.
    /// </summary>
    internal static string AppSelector(string vertical, string app) =>
        $"{StrataLabels.Name}={StrataLabels.ToLabelValue(app)},{StrataLabels.Vertical}={StrataLabels.ToLabelValue(vertical)}";

    private static string? OwnerOf(JsonElement live) =>
        live.TryGetProperty("metadata", out var metadata)
        && metadata.TryGetProperty("annotations", out var annotations)
        && annotations.ValueKind == JsonValueKind.Object
        && annotations.TryGetProperty(StrataAnnotations.OwnedBy, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Count(int count, string kind) => count switch
    {
        0 => "",
        1 => $"1 {kind}",
        _ => $"{count} {kind}s",
    };
}
