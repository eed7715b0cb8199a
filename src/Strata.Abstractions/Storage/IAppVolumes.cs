namespace Strata.Storage;

/// <summary>
/// Lets a vertical's API read what its apps' workloads wrote to a <see cref="Workloads.PersistentVolume"/>
/// (results, uploads). The host registers one per vertical in the plugin's services.
/// </summary>
public interface IAppVolumes
{
    /// <summary>
    /// The host folder holding <paramref name="volume"/> of <paramref name="app"/> (an app of this vertical),
    /// or null when the host cannot reach it: the app is unknown, does not declare the volume, or runs on a
    /// cluster, where the data lives in a PersistentVolumeClaim.
    /// </summary>
    /// <param name="app">The app name.</param>
    /// <param name="volume">The volume name.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    ValueTask<string?> GetHostPathAsync(string app, string volume, CancellationToken cancellationToken = default);
}
