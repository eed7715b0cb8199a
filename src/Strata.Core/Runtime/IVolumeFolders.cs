namespace Strata.Core.Runtime;

/// <summary>
/// A runtime that keeps app volumes as folders on this machine (Local), so the host can read what
/// workloads wrote. A cluster runtime does not implement it: its volumes live in the cluster.
/// </summary>
public interface IVolumeFolders
{
    /// <summary>The folder of <paramref name="volume"/> of <paramref name="app"/>, or null when the runtime has none (never deployed with it, or deleted).</summary>
    /// <param name="app">The app.</param>
    /// <param name="volume">The volume name.</param>
    string? GetVolumeFolder(AppRef app, string volume);
}
