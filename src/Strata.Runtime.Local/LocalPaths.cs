using Strata.Core;
using Strata.Core.Runtime;

namespace Strata.Runtime.Local;

/// <summary>Where the runtime keeps files under its data directory.</summary>
internal sealed class LocalPaths(string dataDirectory)
{
    /// <summary>The folder of pid files of running replicas.</summary>
    public string PidDirectory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "pids");

    /// <summary>The Unix socket of the listener broker (<see cref="Networking.ListenerBroker"/>).</summary>
    public string ListenerSocket { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "listeners.sock");

    private string LogDirectory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "logs");

    private string VolumeDirectory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "volumes");

    /// <summary>
    /// Names this runtime's containers (the <see cref="ContainerOptions.OwnerLabel"/> label): a hash of
    /// the data folder, so a restarted host finds what a crashed one left and leaves other hosts' alone.
    /// </summary>
    public string ContainerOwner { get; } = Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..16];

    /// <summary><c>logs/&lt;vertical&gt;/&lt;app&gt;/&lt;replica&gt;.log</c>.</summary>
    public string LogFile(AppRef app, string replicaId) =>
        Path.Combine(LogDirectory, Segment(app.Vertical), Segment(app.App), Segment(replicaId) + ".log");

    /// <summary><c>volumes/&lt;vertical&gt;/&lt;app&gt;</c>: the app's volumes, deleted with the app.</summary>
    public string AppVolumes(AppRef app) => Path.Combine(VolumeDirectory, Segment(app.Vertical), Segment(app.App));

    /// <summary><c>volumes/&lt;vertical&gt;/&lt;app&gt;/&lt;volume&gt;</c>: one persistent volume's folder.</summary>
    public string Volume(AppRef app, string volume) => Path.Combine(AppVolumes(app), Segment(volume));

    /// <summary><c>pids/&lt;replica&gt;.pid</c>.</summary>
    public string PidFile(string replicaId) => Path.Combine(PidDirectory, Segment(replicaId) + ".pid");

    // Names are DNS-safe by the time they reach a runtime; this guard keeps a bad one from
    // writing outside the data directory all the same.
    private static string Segment(string name) =>
        name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0
            ? throw new StrataException($"'{name}' cannot be used as a file name. Use a DNS-safe name (a-z, 0-9, '-').")
            : name;
}
