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
}
