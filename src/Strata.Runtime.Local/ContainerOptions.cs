namespace Strata.Runtime.Local;

/// <summary>
/// How the Local runtime runs revisions from their images through podman (<c>strata up --containers</c>):
/// each replica is one <c>podman run</c> on the host network, listening on the loopback port the
/// runtime gave it, so probes, replicas, environment and gateway are those of processes.
/// </summary>
public sealed record ContainerOptions
{
    /// <summary>The podman program.</summary>
    public string Podman { get; init; } = "podman";

    /// <summary>
    /// Arguments added to every <c>podman run</c>. The defaults suit a root podman without systemd in a
    /// VM: the <c>runc</c> runtime, the cgroupfs manager, and file and process limits no higher than the
    /// host's (the container may not raise them without CAP_SYS_RESOURCE).
    /// </summary>
    public IReadOnlyList<string> RunArguments { get; init; } =
        ["--runtime", "runc", "--cgroup-manager", "cgroupfs", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096"];

    /// <summary>Registries (<c>host:port</c>) pulled from over plain HTTP (<c>--tls-verify=false</c>).</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>
    /// A containers-auth.json file (<c>podman run --authfile</c>) with the credentials of registries that
    /// require them; null when none do. A file rather than <c>--creds</c>, whose value would show in
    /// the process list.
    /// </summary>
    public string? AuthFile { get; init; }

    /// <summary>The label every container of this runtime carries; its value names the runtime's data folder.</summary>
    public const string OwnerLabel = "strata.dev/runtime";
}
