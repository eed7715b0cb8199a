using Strata.Core.Runtime;
using Strata.Server.Runtimes;
using Strata.Storage;

namespace Strata.Server.Verticals;

/// <summary>
/// The host's <see cref="IAppVolumes"/> for one vertical: the folder the local runtime keeps for an app's
/// volume, or for an app on a cluster the host's mirror of its PersistentVolumeClaim, copied through a reader
/// pod when older than a few seconds (see <see cref="Strata.Runtime.Kubernetes.Volumes.KubernetesVolumeReader"/>).
/// </summary>
internal sealed class VerticalAppVolumes(string vertical, AppRuntimes runtimes) : IAppVolumes
{
    public ValueTask<string?> GetHostPathAsync(string app, string volume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(volume);
        return runtimes.GetVolumeFolderAsync(new AppRef(vertical, app), volume, cancellationToken);
    }
}
