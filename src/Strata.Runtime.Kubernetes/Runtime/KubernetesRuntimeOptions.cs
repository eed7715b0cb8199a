namespace Strata.Runtime.Kubernetes;

/// <summary>How the Kubernetes runtime waits and polls; bound from <c>Strata:Kubernetes</c> beside the mapping options.</summary>
public sealed record KubernetesRuntimeOptions
{
    /// <summary>How long a revision's Deployments may take to become available and its Jobs to complete.</summary>
    public TimeSpan RolloutTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often <c>WatchAsync</c> reads the app's objects for changes.</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
