using Strata.Core;
using Strata.Core.Plugins;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Runtime.Kubernetes;
using Strata.Workloads;

namespace Strata.Server.Rendering;

/// <summary>
/// A recorded revision's <see cref="ClusterInputs"/>: its vertical's cluster policy, the raw manifests and
/// patches read from the revision's kept sources, and where the apps it uses are served (<see cref="UsedAppTargets"/>). A render (<see cref="AppRenderer"/>) and a deploy to a
/// cluster (<see cref="KubernetesRuntime"/>) both read them here, so the two cannot disagree.
/// </summary>
internal sealed class RevisionClusterInputs(StateStore state, VerticalCatalog verticals) : IClusterInputs
{
    public async ValueTask<ClusterInputs> GetAsync(AppRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var app = new AppRef(revision.Vertical, revision.App);
        var record = await state.GetRevisionAsync(app, revision.Number, cancellationToken).ConfigureAwait(false)
            ?? throw new StrataException($"Revision {revision.Number} of {app} is not recorded; deploy it again.");
        var policy = verticals.TryGetLoaded(revision.Vertical, out var vertical) ? vertical.Registration.ClusterPolicy : null;
        var inputs = await ReadAsync(record, revision, policy, cancellationToken).ConfigureAwait(false);
        return inputs with { Uses = await UsedAppTargets.ResolveAsync(revision, state, verticals, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>The inputs of <paramref name="record"/>; a revision that names raw files needs its kept sources.</summary>
    /// <exception cref="StrataException">The sources are gone, or a raw file cannot be read.</exception>
    public static async Task<ClusterInputs> ReadAsync(RevisionRecord record, AppRevision revision, Policy.ClusterPolicy? policy, CancellationToken cancellationToken)
    {
        var caas = revision.Manifest.Caas;
        if (caas.Raw.Count + caas.Patches.Count == 0)
        {
            return new ClusterInputs(policy, RawInputs.None);
        }

        if (!HasSources(record))
        {
            throw new StrataException($"Revision {record.Number} of {record.App} names raw manifests or patches, but the host no longer has its sources; deploy again.", "caas");
        }

        return new ClusterInputs(policy, await RawInputs.LoadAsync(record.SourcePath!, caas, cancellationToken).ConfigureAwait(false));
    }

    public static bool HasSources(RevisionRecord record) => record.SourcePath is not null && Directory.Exists(record.SourcePath);
}
