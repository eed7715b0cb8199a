using Strata.Core.Discovery;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Replicas;
using Strata.Workloads;

namespace Strata.Runtime.Local.Volumes;

/// <summary>
/// Persistent volumes on one machine: a folder per volume under the data directory
/// (<see cref="LocalPaths.Volume"/>), kept across revisions and host restarts, removed with the app.
/// A process replica reads the folder from <c>STRATA_VOLUME_&lt;NAME&gt;</c>; a container replica gets
/// it mounted at the mount's path and the variable names that path. Sizes are not enforced here.
/// </summary>
internal static class LocalVolumes
{
    /// <summary>Creates the folders of <paramref name="set"/>'s volumes (idempotent) and returns volume name → folder.</summary>
    public static IReadOnlyDictionary<string, string> Prepare(LocalPaths paths, AppRef app, WorkloadSet set)
    {
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in set.Volumes)
        {
            var folder = paths.Volume(app, volume.Name);
            Directory.CreateDirectory(folder);
            folders[volume.Name] = folder;
        }

        return folders;
    }

    /// <summary>
    /// <paramref name="launch"/> with <paramref name="mounts"/> attached: podman <c>--volume</c> arguments for
    /// a container, nothing for a process. Returns the <c>STRATA_VOLUME_*</c> entries the workload gets.
    /// </summary>
    public static (LaunchCommand Launch, IReadOnlyDictionary<string, string> Environment) Attach(
        LaunchCommand launch, IReadOnlyList<VolumeMount> mounts, IReadOnlyDictionary<string, string> folders)
    {
        if (mounts.Count == 0)
        {
            return (launch, new Dictionary<string, string>());
        }

        if (launch.Container is not { } container)
        {
            return (launch, VolumeEnvironment.Build(mounts, m => folders[m.Volume]));
        }

        var arguments = mounts.SelectMany(m => new[] { "--volume", $"{folders[m.Volume]}:{m.Path}{(m.ReadOnly ? ":ro" : "")}" }).ToList();
        return (launch with { Container = container with { VolumeArguments = arguments } }, VolumeEnvironment.Build(mounts, m => m.Path));
    }

    /// <summary>Removes the app's volume folders; a missing folder is fine.</summary>
    public static void Delete(LocalPaths paths, AppRef app)
    {
        var folder = paths.AppVolumes(app);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
