using k8s;
using Strata.Core;
using Strata.Core.Plugins;
using Strata.Core.State;
using Strata.Runtime.Kubernetes;
using Strata.Runtime.Kubernetes.Cluster;
using Strata.Server.Api;
using Strata.Server.Apps;
using Strata.Validation;

namespace Strata.Server.Rendering;

/// <summary>
/// The Kubernetes objects a deploy of a recorded revision applies: the vertical's objects (namespace,
/// quota, container defaults, isolation), the app's mapped objects, its raw manifests and its patches,
/// read from the revision's kept sources. Secrets are redacted unless asked for.
/// </summary>
internal sealed class AppRenderer(StateStore state, AppDeployer deployer, VerticalCatalog verticals, KubernetesMappingOptions options)
{
    public async Task<AppRender> RenderAsync(AppRecord app, int? revisionNumber, bool includeSecrets, CancellationToken cancellationToken)
    {
        var number = revisionNumber ?? app.CurrentRevision
            ?? throw new ApiException(409, "Nothing to render", $"App {app.Ref} has no revision yet; deploy it first (strata deploy).");
        var record = await state.GetRevisionAsync(app.Ref, number, cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.NotFound($"App {app.Ref} has no revision {number}; see GET /api/apps/{app.Name}/revisions.");
        var vertical = deployer.RequireVertical(app.Vertical);
        var revision = AppDeployer.ToAppRevision(record);
        var set = AppDeployer.Map(revision, vertical);

        var caas = revision.Manifest.Caas;
        if (caas.Raw.Count + caas.Patches.Count > 0 && !RevisionClusterInputs.HasSources(record))
        {
            throw new ApiException(409, "Sources not kept", $"Revision {number} of {app.Ref} names raw manifests or patches, but the host no longer has its sources; deploy again.");
        }

        // The same inputs and composition a deploy to a cluster applies (KubernetesRuntime), so the two cannot drift.
        var inputs = await Unrenderable(async () => await RevisionClusterInputs.ReadAsync(record, revision, vertical.Registration.ClusterPolicy, cancellationToken).ConfigureAwait(false)
            with { Uses = await UsedAppTargets.ResolveAsync(revision, state, verticals, cancellationToken).ConfigureAwait(false) }, app, number).ConfigureAwait(false);
        var objects = await Unrenderable(
            () => Task.FromResult(AppObjects.For(revision, set, options, inputs).Objects), app, number).ConfigureAwait(false);
        var secrets = objects.Where(o => o.Kind == "Secret").Select(o => ((k8s.Models.IMetadata<k8s.Models.V1ObjectMeta>)o).Metadata.Name).ToList();
        return new AppRender(number, includeSecrets ? objects : KubernetesRender.RedactSecrets(objects), includeSecrets ? [] : secrets);
    }

    // What the mapping refuses (no image, a bad patch) is the revision's problem, not the request's: 422, with the field's path.
    private static async Task<T> Unrenderable<T>(Func<Task<T>> render, AppRecord app, int number)
    {
        try
        {
            return await render().ConfigureAwait(false);
        }
        catch (StrataException ex)
        {
            throw new ApiException(422, "Cannot render", $"Revision {number} of {app.Ref} cannot be rendered for Kubernetes: {ex.Message}",
                [new ValidationProblem(ex.Path ?? "", ex.Message)]);
        }
    }
}
