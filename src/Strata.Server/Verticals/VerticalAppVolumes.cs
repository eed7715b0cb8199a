using Strata.Core.Runtime;
using Strata.Server.Runtimes;
using Strata.Storage;

namespace Strata.Server.Verticals;

/// <summary>
/// The host's <see cref="IAppVolumes"/> for one vertical: the folder the local runtime keeps for an app's
/// volume. Apps on a cluster have none here (their data is in PersistentVolumeClaims).
/// </summary>
internal sealed class VerticalAppVolumes(string vertical, AppRuntimes runtimes) : IAppVolumes
{
    public ValueTask<string?> GetHostPathAsync(string app, string volume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(volume);
        return ValueTask.FromResult(runtimes.Local is IVolumeFolders folders ? folders.GetVolumeFolder(new AppRef(vertical, app), volume) : null);
    }
}
