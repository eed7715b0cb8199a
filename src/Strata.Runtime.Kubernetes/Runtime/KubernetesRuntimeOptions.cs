namespace Strata.Runtime.Kubernetes;

/// <summary>How the Kubernetes runtime waits and polls; bound from <c>Strata:Kubernetes</c> beside the mapping options.</summary>
public sealed record KubernetesRuntimeOptions
{
    /// <summary>
    /// A kubeconfig file to use instead of the standard places (<c>KUBECONFIG</c>, <c>~/.kube/config</c>, in-cluster);
    /// for a host that must not follow the environment it was started in.
    /// </summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use; its current context when null.</summary>
    public string? Context { get; init; }

    /// <summary>How long a revision's Deployments may take to become available and its Jobs to complete.</summary>
    public TimeSpan RolloutTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often <c>WatchAsync</c> reads the app's objects for changes.</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where the host mirrors what it reads of app volume claims, one folder per app and volume; a folder
    /// of the system's temporary folder when null (the Strata host sets one under its data folder).
    /// </summary>
    public string? VolumeMirrorRoot { get; init; }

    /// <summary>How long a mirrored volume is served before a read copies the claim again: progress keeps moving, reads stay cheap.</summary>
    public TimeSpan VolumeMirrorTtl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The most one copy of a claim may hold; a larger claim is refused with a clear error rather than filling the host's disk.</summary>
    public long VolumeMirrorMaxBytes { get; init; } = 1L << 30;

    /// <summary>How long a volume's reader pod may stay unused before it is deleted (the next read starts it again).</summary>
    public TimeSpan VolumeReaderIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a new reader pod may take to run (image pull, claim attach).</summary>
    public TimeSpan VolumeReaderStartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
