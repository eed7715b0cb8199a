using Strata.Workloads;

namespace Strata.Core.Discovery;

/// <summary>
/// How a workload finds its volumes, with the same keys on every runtime:
/// <c>STRATA_VOLUME_&lt;NAME&gt;</c> holds the folder to use.
/// </summary>
public static class VolumeEnvironment
{
    /// <summary>The key of <paramref name="volume"/>, e.g. <c>STRATA_VOLUME_RUN_RESULTS</c> for <c>run-results</c>.</summary>
    public static string Key(string volume)
    {
        ArgumentException.ThrowIfNullOrEmpty(volume);
        return "STRATA_VOLUME_" + volume.ToUpperInvariant().Replace('-', '_');
    }

    /// <summary>
    /// The volume variables of a workload.
    /// </summary>
    /// <param name="mounts">The workload's mounts.</param>
    /// <param name="folder">Where the workload sees a mount: its path in a container, or the host folder of its volume for a process.</param>
    public static IReadOnlyDictionary<string, string> Build(IReadOnlyList<VolumeMount> mounts, Func<VolumeMount, string> folder)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        ArgumentNullException.ThrowIfNull(folder);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            env[Key(mount.Volume)] = folder(mount);
        }

        return env;
    }
}
