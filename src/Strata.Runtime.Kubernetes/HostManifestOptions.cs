namespace Strata.Runtime.Kubernetes;

/// <summary>How <see cref="HostManifests"/> runs the Strata host in a cluster.</summary>
public sealed record HostManifestOptions
{
    /// <summary>The host's container image (the <c>strata</c> tool with its bundled verticals).</summary>
    public string Image { get; init; } = "ghcr.io/strata-dev/strata-host:latest";

    /// <summary>The namespace the host runs in.</summary>
    public string Namespace { get; init; } = HostManifests.DefaultNamespace;

    /// <summary>The size of the volume holding the host's state (SQLite), sources, builds and logs.</summary>
    public string StorageSize { get; init; } = "10Gi";

    /// <summary>The storage class of that volume; the cluster's default class when null.</summary>
    public string? StorageClassName { get; init; }

    /// <summary>The port the host listens on inside its pod.</summary>
    public int Port { get; init; } = 5480;
}
