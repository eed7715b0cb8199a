namespace Strata.Storage;

/// <summary>
/// Lets a vertical's API read what its apps' workloads wrote to a <see cref="Workloads.PersistentVolume"/>
/// (results, uploads). The host registers one per vertical in the plugin's services.
/// </summary>
public interface IAppVolumes
{
    /// <summary>
    /// The host folder holding <paramref name="volume"/> of <paramref name="app"/> (an app of this vertical),
    /// or null when the host cannot reach it: the app is unknown or does not declare the volume. For an app on
    /// the local runtime it is the volume itself. For an app on a cluster, where the data lives in a
    /// PersistentVolumeClaim, it is a read-only mirror the host copies from the claim: refreshed by this call
    /// when older than a few seconds (so progress keeps moving). What a vertical writes into the mirror stays
    /// on the host (a refresh removes only what the claim no longer has) and never reaches the claim, so the
    /// workloads do not see it. Reading a claim can fail (the cluster cannot start the reader, or the claim is
    /// larger than the host copies); the host then answers the request 502.
    /// </summary>
    /// <param name="app">The app name.</param>
    /// <param name="volume">The volume name.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    ValueTask<string?> GetHostPathAsync(string app, string volume, CancellationToken cancellationToken = default);
}
